/** A user as the users events carry it (no secrets; the API's own field names). */
export interface UserEventData {
  userId: string;
  email: string;
  name: string;
  age: number | null;
  version: number;
}

/**
 * Every event the API itself publishes, by type, with its payload. Publishers go through
 * EventBus.emit and subscribers through parseEvent, so a renamed field or a new event is a
 * compile error where it matters, not a surprise on a queue.
 */
export interface DomainEvents {
  'user.created': { user: UserEventData };
  'user.updated': { user: UserEventData; changed: string[] };
  'user.deleted': { user: UserEventData };
}

export type DomainEventType = keyof DomainEvents;

/** An event as it travels on the events topic: the JSON message of the SNS publish. */
export interface EventEnvelope<T = unknown> {
  eventId: string;
  type: string;
  source: string | null;
  /** ISO-8601 */
  timestamp: string;
  data: T;
}

/** Event type names: 1-128 characters of A-Z a-z 0-9 _ . : - (e.g. user.created, billing:invoice-paid). */
export const EVENT_TYPE = /^[A-Za-z0-9_.:-]{1,128}$/;

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

/**
 * What a datasource needs to announce its writes (EventBus implements it). Called after the
 * write succeeded: it never throws, so a failed publish can't turn a done write into an error.
 */
export interface DomainEventPublisher {
  emit<K extends DomainEventType>(type: K, data: DomainEvents[K]): Promise<unknown>;
  /** Many events of one type, published in batches (PublishBatch). */
  emitMany<K extends DomainEventType>(type: K, items: ReadonlyArray<DomainEvents[K]>): Promise<unknown>;
}

/** A user as its events carry it, from the API's User. */
export function userEventData(user: { userId: string; email: string; name: string; age?: number | null; version: number }): UserEventData {
  return { userId: user.userId, email: user.email, name: user.name, age: user.age ?? null, version: user.version };
}

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
export const EVENT_TYPE_RULE = 'must be 1-128 characters of A-Z a-z 0-9 _ . : - (e.g. order.created)';

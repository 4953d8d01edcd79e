import type { SnsScope } from './arns';
import type { QueryParams } from './query';
import type { SnsState, Subscription, Topic } from './state';
import type { XmlValue } from './xml';

/** A published message on its way to the topic's subscriptions. */
export interface SnsMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  /** The message text, or per-protocol texts (MessageStructure=json) with a `default`. */
  message: string;
  perProtocol?: Record<string, string>;
  attributes: Record<string, MessageAttribute>;
  timestamp: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
}

/** A validated message attribute; BinaryValue is the decoded bytes. */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

/** What the operations need besides their parameters. */
export interface SnsRuntime extends SnsScope {
  state: SnsState;
  /** Base URL of the local endpoint, for SubscribeURL, UnsubscribeURL and SigningCertURL. */
  endpoint(): string;
  /** Hands a message to the deliveries; returns at once. */
  fanOut(topic: Topic, message: SnsMessage): void;
  /** Sends the confirmation request of a pending email or HTTP(S) subscription. */
  requestConfirmation(topic: Topic, subscription: Subscription): void;
  /** Tells an HTTP(S) endpoint that its subscription was removed (UnsubscribeConfirmation). */
  announceUnsubscribe(subscription: Subscription): void;
}

/** One SNS action: reads its parameters, returns its Result members (undefined: no Result element). */
export type Operation = (params: QueryParams, rt: SnsRuntime) => Record<string, XmlValue> | undefined;

import type { LocalMessageAttribute } from '../service';
import type { SqsStore } from './store';
import type { Queue } from './queue';
import type { MoveTasks } from './move-tasks';

/** Request inputs after checkInput (shapes.ts) has checked their types. */
export interface QueueUrlInput {
  QueueUrl: string;
}

export interface MessageFields {
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, LocalMessageAttribute>;
  MessageSystemAttributes?: Record<string, LocalMessageAttribute>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export interface ReceiveInput extends QueueUrlInput {
  AttributeNames?: string[];
  MessageSystemAttributeNames?: string[];
  MessageAttributeNames?: string[];
  MaxNumberOfMessages?: number;
  VisibilityTimeout?: number;
  WaitTimeSeconds?: number;
  ReceiveRequestAttemptId?: string;
}

export interface BatchInput<T> extends QueueUrlInput {
  Entries?: Array<T & { Id: string }>;
}

/** A failed batch entry, as the batch operations report it. */
export interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** What an operation handler is given besides its input. */
export interface OpContext {
  store: SqsStore;
  moveTasks: MoveTasks;
  /** The URL of a queue on this endpoint. */
  urlOf(queue: Queue): string;
  /** SenderId of messages sent by this request. */
  senderId: string;
  /** The X-Amzn-Trace-Id header, which becomes the AWSTraceHeader system attribute. */
  traceHeader?: string;
  /** Aborted when the client goes away (ends long polls early). */
  signal: AbortSignal;
}

export type Output = Record<string, unknown> | undefined;
export type Operation = (input: Record<string, unknown>, ctx: OpContext) => Output | Promise<Output>;

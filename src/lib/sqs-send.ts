import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { FieldError } from '../errors';
import type { AttributeInput } from './message-attributes';
import { encodeAttributes, isAllowedText, messageSize } from './message-attributes';
import { MAX_MESSAGE_BYTES } from './sqs-queue';

/** The fields of sendMessage's input and of a sendMessages entry. */
export interface MessageFieldsInput {
  body: string;
  attributes?: readonly AttributeInput[] | null;
  delaySeconds?: number | null;
  groupId?: string | null;
  deduplicationId?: string | null;
}

/** The parameters a SendMessage call and a SendMessageBatch entry share. */
export interface SendEntry {
  MessageBody: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  DelaySeconds?: number;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

/** A message ready to send: its parameters, its size as SQS counts it, and what is wrong with it. */
export interface PreparedMessage {
  entry: SendEntry;
  size: number;
  errors: FieldError[];
}

/** Rules that depend on the queue type: FIFO needs a group, takes no per-message delay; only FIFO deduplicates. */
function queueTypeProblems(input: MessageFieldsInput, fifo: boolean, queue: string): FieldError[] {
  if (fifo) {
    const errors: FieldError[] = [];
    if (!input.groupId) errors.push({ field: 'groupId', message: `groupId is required by FIFO queue ${queue}` });
    if (input.delaySeconds) errors.push({ field: 'delaySeconds', message: `delaySeconds can't be set per message on FIFO queue ${queue}; set the queue's delaySeconds instead` });
    return errors;
  }
  // deduplicationId is refused by AWS on standard queues; groupId is accepted there (fair queues).
  return input.deduplicationId ? [{ field: 'deduplicationId', message: `deduplicationId applies to FIFO queues only; ${queue} is a standard queue` }] : [];
}

/**
 * Checks a message against every rule SQS would apply to it, and builds its parameters.
 * deduplicationId is passed through as given and never invented, so a queue's content-based
 * deduplication keeps working.
 */
export function prepareMessage(input: MessageFieldsInput, fifo: boolean, queue: string): PreparedMessage {
  const { attributes, errors } = encodeAttributes(input.attributes);
  if (!isAllowedText(input.body)) errors.push({ field: 'body', message: 'body contains characters SQS does not accept (control characters other than tab, CR and LF, or unpaired surrogates)' });
  const size = messageSize(input.body, attributes);
  if (size > MAX_MESSAGE_BYTES) errors.push({ field: 'body', message: `message is ${size} bytes with its attributes; SQS accepts at most ${MAX_MESSAGE_BYTES}` });
  errors.push(...queueTypeProblems(input, fifo, queue));
  const entry: SendEntry = { MessageBody: input.body };
  if (Object.keys(attributes).length) entry.MessageAttributes = attributes;
  // An explicit 0 overrides the queue's own delay on a standard queue; FIFO takes none (refused above).
  if (input.delaySeconds != null && !fifo) entry.DelaySeconds = input.delaySeconds;
  if (input.groupId) entry.MessageGroupId = input.groupId;
  if (input.deduplicationId) entry.MessageDeduplicationId = input.deduplicationId;
  return { entry, size, errors };
}

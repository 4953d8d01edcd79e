import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import type { FieldError } from '../errors';
import { chunkBatches } from '../lib/batch';
import { encodeAttributes, messageSize } from '../lib/message-attributes';
import type { MessageAttributeInput } from '../types/attribute.type';

/** Largest message SNS accepts, body and attributes together (256 KiB); also the cap of one PublishBatch. */
export const MAX_MESSAGE_BYTES = 262_144;
/** Entries per PublishBatch call. */
export const MAX_BATCH_ENTRIES = 10;

/** The parts of a message that SNS validates and sizes. */
export interface OutgoingMessage {
  message: string;
  subject?: string | null;
  attributes?: MessageAttributeInput[] | null;
  groupId?: string | null;
  deduplicationId?: string | null;
}

/** The SNS MessageAttributes of a message (binary values decoded from base64); undefined when there are none. */
export function snsAttributes(attrs?: readonly MessageAttributeInput[] | null): Record<string, MessageAttributeValue> | undefined {
  return attrs?.length ? encodeAttributes(attrs).attributes : undefined;
}

/** Bytes SNS counts for a message: the body plus each attribute's name, data type and value. */
export function messageBytes(m: OutgoingMessage): number {
  return messageSize(m.message, encodeAttributes(m.attributes).attributes);
}

/** Everything wrong with one message for a standard or FIFO topic, before any AWS call. */
export function publishProblems(entry: OutgoingMessage, fifo: boolean, prefix = ''): FieldError[] {
  const { attributes, errors: problems } = encodeAttributes(entry.attributes, `${prefix}attributes`);
  const size = messageSize(entry.message, attributes);
  if (entry.message.length === 0) problems.push({ field: `${prefix}message`, message: 'message must not be empty' });
  if (size > MAX_MESSAGE_BYTES) {
    problems.push({ field: `${prefix}message`, message: `message and attributes are ${size} bytes; SNS takes at most ${MAX_MESSAGE_BYTES} (256 KB)` });
  }
  if (fifo && !entry.groupId) problems.push({ field: `${prefix}groupId`, message: 'groupId is required on a FIFO topic' });
  if (!fifo && entry.deduplicationId) problems.push({ field: `${prefix}deduplicationId`, message: 'deduplicationId applies only to FIFO topics' });
  return problems;
}

/** PublishBatch requests: at most 10 entries and 256 KB in total each, in order (every entry fits alone: publishProblems refused larger ones). */
export function publishChunks<T>(entries: readonly T[], sizeOf: (entry: T) => number): T[][] {
  return chunkBatches(entries, sizeOf, MAX_BATCH_ENTRIES, MAX_MESSAGE_BYTES);
}

/** The text as JSON, or null when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

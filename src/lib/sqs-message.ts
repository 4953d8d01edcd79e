import type { Message as SqsMessage } from '@aws-sdk/client-sqs';
import type { MessageAttribute } from '../types/attribute.type';
import type { Message } from '../types/queue.type';
import { decodeAttributes, decodeSnsAttributes } from './message-attributes';

/** The JSON envelope SNS wraps a message in when it delivers to SQS without raw delivery. */
export interface SnsEnvelope {
  Type: 'Notification';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Subject?: string;
  Timestamp?: string;
  MessageAttributes?: Record<string, { Type?: string; Value?: string }>;
}

/** The value of a JSON text, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The SNS envelope a parsed body is, or undefined when it is not one. */
export function asSnsEnvelope(value: unknown): SnsEnvelope | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const isEnvelope = v.Type === 'Notification' && typeof v.MessageId === 'string' && typeof v.Message === 'string' && typeof v.TopicArn === 'string' && v.TopicArn.startsWith('arn:');
  return isEnvelope ? (v as unknown as SnsEnvelope) : undefined;
}

/** Body and attributes as the publisher sent them: an SNS envelope is unwrapped, anything else kept. */
export function unwrapBody(body: string, attributes: MessageAttribute[]): { body: string; json: unknown; attributes: MessageAttribute[] } {
  const parsed = parseJson(body);
  const envelope = asSnsEnvelope(parsed);
  if (!envelope) return { body, json: parsed ?? null, attributes };
  return { body: envelope.Message, json: parseJson(envelope.Message) ?? null, attributes: decodeSnsAttributes(envelope.MessageAttributes) };
}

function int(text: string | undefined): number | null {
  return text === undefined || text === '' || !Number.isFinite(Number(text)) ? null : Number(text);
}

/**
 * Maps a received SQS message to the API's Message. A message that came through SNS without raw
 * delivery is unwrapped, so a client sees the same body and attributes with or without raw
 * delivery. Pure: the live subscriptions use it too.
 */
export function toMessage(raw: SqsMessage, queue: string): Message {
  const system = raw.Attributes ?? {};
  const sent = int(system.SentTimestamp);
  return {
    messageId: raw.MessageId ?? '',
    queue,
    ...unwrapBody(raw.Body ?? '', decodeAttributes(raw.MessageAttributes)),
    receiptHandle: raw.ReceiptHandle ?? null,
    sentAt: sent === null ? null : new Date(sent),
    receiveCount: int(system.ApproximateReceiveCount),
    groupId: system.MessageGroupId ?? null,
    sequenceNumber: system.SequenceNumber ?? null,
  };
}

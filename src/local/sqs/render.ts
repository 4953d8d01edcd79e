import type { LocalMessageAttribute } from '../service';
import { md5OfAttributes } from './md5';
import type { StoredMessage } from './message';

/** A message as ReceiveMessage returns it. */
export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, Record<string, string>>;
}

/** Which attributes a receiver asked for: system attribute names, and user attribute names or `prefix.*` filters. */
export interface Selection {
  system: ReadonlySet<string>;
  user: readonly string[];
}

/** Builds the selection of a ReceiveMessage request (AttributeNames and MessageSystemAttributeNames are one list). */
export function selectionOf(attributeNames: string[] = [], systemNames: string[] = [], userNames: string[] = []): Selection {
  return { system: new Set([...attributeNames, ...systemNames]), user: userNames };
}

/** Renders a received message with only the attributes asked for; MD5OfMessageAttributes covers exactly those. */
export function renderMessage(message: StoredMessage, receiptHandle: string, selection: Selection): ReceivedMessage {
  const out: ReceivedMessage = { MessageId: message.id, ReceiptHandle: receiptHandle, MD5OfBody: message.md5, Body: message.body };
  if (selection.system.size > 0) {
    const attributes = systemAttributes(message, selection.system);
    if (Object.keys(attributes).length) out.Attributes = attributes;
  }
  if (selection.user.length > 0 && message.attributes) {
    const picked = pickUserAttributes(message.attributes, selection.user);
    if (picked) {
      out.MessageAttributes = Object.create(null) as Record<string, Record<string, string>>;
      for (const [name, value] of Object.entries(picked)) out.MessageAttributes[name] = attributeToJson(value);
      out.MD5OfMessageAttributes = picked === message.attributes ? message.md5Attributes : md5OfAttributes(picked);
    }
  }
  return out;
}

function systemAttributes(message: StoredMessage, names: ReadonlySet<string>): Record<string, string> {
  const all = names.has('All');
  const out: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined && (all || names.has(name))) out[name] = value;
  };
  put('SenderId', message.senderId);
  put('SentTimestamp', String(message.sentAt));
  put('ApproximateReceiveCount', String(message.receiveCount));
  put('ApproximateFirstReceiveTimestamp', String(message.firstReceivedAt ?? 0));
  put('MessageGroupId', message.groupId);
  put('MessageDeduplicationId', message.dedupId);
  put('SequenceNumber', message.sequence);
  put('AWSTraceHeader', message.traceHeader);
  put('DeadLetterQueueSourceArn', message.deadLetterSourceArn);
  return out;
}

/**
 * The user attributes a receiver asked for: `All`, `.*` or `*` for every one, exact names, and
 * `prefix.*` for names starting with the prefix. Returns the stored object itself when every
 * attribute is selected, undefined when none is.
 */
export function pickUserAttributes(attributes: Record<string, LocalMessageAttribute>, names: readonly string[]): Record<string, LocalMessageAttribute> | undefined {
  if (names.some((n) => n === 'All' || n === '.*' || n === '*')) return attributes;
  const exact = new Set(names.filter((n) => !n.endsWith('.*')));
  const prefixes = names.filter((n) => n.endsWith('.*')).map((n) => n.slice(0, -2));
  const picked = Object.create(null) as Record<string, LocalMessageAttribute>;
  let count = 0;
  for (const [name, value] of Object.entries(attributes)) {
    if (exact.has(name) || prefixes.some((p) => name.startsWith(p))) {
      picked[name] = value;
      count++;
    }
  }
  if (count === 0) return undefined;
  return count === Object.keys(attributes).length ? attributes : picked;
}

/** JSON form of a message attribute: binary values travel as base64. */
export function attributeToJson(attribute: LocalMessageAttribute): Record<string, string> {
  return attribute.BinaryValue !== undefined
    ? { DataType: attribute.DataType, BinaryValue: attribute.BinaryValue.toString('base64') }
    : { DataType: attribute.DataType, StringValue: attribute.StringValue ?? '' };
}

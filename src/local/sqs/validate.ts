import type { LocalMessageAttribute } from '../service';
import { errors } from './errors';

/** Characters SQS accepts in bodies and string attributes: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Group, deduplication and receive-attempt ids: 1-128 alphanumeric or punctuation characters. */
const FIFO_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.\-\u00C0-\u017F]+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const MAX_ATTRIBUTES = 10;

/** Whether a text holds only characters SQS accepts. */
export function hasValidCharacters(text: string): boolean {
  return !INVALID_CHARACTER.test(text);
}

/** Validates a queue name for CreateQueue (`.fifo` counts towards the 80 characters). */
export function validateQueueName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!name.endsWith('.fifo') || !QUEUE_NAME.test(`${name.slice(0, -5)}_fifo`)) {
      throw errors.invalidParameter('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
    }
    return;
  }
  if (!QUEUE_NAME.test(name)) throw errors.invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
}

/** Validates the Id of every batch entry and that they are distinct; AWS rejects the whole batch otherwise. */
export function validateBatchIds(entries: ReadonlyArray<{ Id?: unknown }>, entryName: string): void {
  if (entries.length === 0) throw errors.emptyBatch(entryName);
  if (entries.length > 10) throw errors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = entry.Id;
    if (typeof id !== 'string' || !BATCH_ID.test(id)) throw errors.invalidBatchEntryId();
    if (seen.has(id)) throw errors.batchIdsNotDistinct(id);
    seen.add(id);
  }
}

/** Validates a MessageGroupId, MessageDeduplicationId or ReceiveRequestAttemptId. */
export function validateFifoId(parameter: string, value: string): void {
  if (!FIFO_ID.test(value)) throw errors.invalidValue(parameter, value, `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
}

/** Bytes a message counts against MaximumMessageSize: body plus every attribute's name, type and value. */
export function messageSize(body: string, attributes: Record<string, LocalMessageAttribute> | undefined): number {
  let size = Buffer.byteLength(body, 'utf8');
  if (!attributes) return size;
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8');
    size += attribute.BinaryValue !== undefined ? attribute.BinaryValue.length : Buffer.byteLength(attribute.StringValue ?? '', 'utf8');
  }
  return size;
}

/** Validates user message attributes as SendMessage does. */
export function validateMessageAttributes(attributes: Record<string, LocalMessageAttribute>): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) throw errors.invalidParameter(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  for (const name of names) validateAttribute(name, attributes[name] as LocalMessageAttribute);
}

function validateAttribute(name: string, attribute: LocalMessageAttribute): void {
  if (name.length === 0) throw errors.invalidParameter('The request must contain non-empty message attribute name.');
  if (Buffer.byteLength(name, 'utf8') > 256) throw errors.invalidParameter('Message (user) attribute names must be shorter than 256 Bytes.');
  if (!ATTRIBUTE_NAME.test(name)) {
    throw errors.invalidParameter('Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores.');
  }
  const lower = name.toLowerCase();
  if (lower.startsWith('aws.') || lower.startsWith('amazon.') || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw errors.invalidParameter(
      `You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.' or contain '..'. Name: ${name}`,
    );
  }
  const type = attribute.DataType;
  if (!type) throw errors.invalidParameter(`The message attribute '${name}' must contain non-empty message attribute type.`);
  if (Buffer.byteLength(type, 'utf8') > 256) throw errors.invalidParameter('Message (user) attribute types must be shorter than 256 Bytes.');
  const base = /^(String|Number|Binary)(\.|$)/.exec(type)?.[1];
  if (!base) throw errors.invalidParameter(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
  validateAttributeValue(name, base, attribute);
}

function validateAttributeValue(name: string, base: string, attribute: LocalMessageAttribute): void {
  if (base === 'Binary') {
    if (!attribute.BinaryValue || attribute.BinaryValue.length === 0) throw emptyValue(name, base);
    return;
  }
  const value = attribute.StringValue;
  if (value === undefined || value === '') throw emptyValue(name, base);
  if (!hasValidCharacters(value)) throw errors.invalidParameter(`Message (user) attribute '${name}' contains invalid characters.`);
  if (base === 'Number' && !validNumber(value)) throw errors.invalidParameter(`Can't cast the value of message (user) attribute '${name}' to a number.`);
}

function emptyValue(name: string, base: string) {
  return errors.invalidParameter(`Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`);
}

/** SQS numbers: up to 38 significant digits, between 10^-128 and 10^+126. */
function validNumber(text: string): boolean {
  if (!NUMBER.test(text)) return false;
  const digits = text.replace(/[eE].*$/, '').replace(/[^0-9]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > 38) return false;
  const value = Math.abs(Number(text));
  return value === 0 || (value >= 1e-128 && value < 1e126);
}

/** Validates MessageSystemAttributes: only AWSTraceHeader, a String. Returns the trace header. */
export function validateSystemAttributes(attributes: Record<string, LocalMessageAttribute>): string | undefined {
  let trace: string | undefined;
  for (const [name, attribute] of Object.entries(attributes)) {
    if (name !== 'AWSTraceHeader') throw errors.invalidParameter(`Message system attribute name '${name}' is invalid.`);
    if (attribute.DataType !== 'String' || !attribute.StringValue) {
      throw errors.invalidParameter(`Message system attribute '${name}' must contain a non-empty value of type 'String'.`);
    }
    trace = attribute.StringValue;
  }
  return trace;
}

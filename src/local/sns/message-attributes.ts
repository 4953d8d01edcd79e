import { invalidParameterValue, missingMember } from './errors';
import type { QueryParams } from './query';
import type { MessageAttribute } from './runtime';

const TYPE = /^(String|Number|Binary)(\.[^\s]{1,250})?$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Reads and checks `MessageAttributes.entry.N.Name/Value.*` with SNS's rules and messages; `path` names the member in ValidationErrors. */
export function readMessageAttributes(params: QueryParams, path: string): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {};
  for (const entry of params.structs('MessageAttributes', 'entry')) {
    const name = entry.get('Name') ?? '';
    checkName(name);
    attributes[name] = readValue(name, entry.view('Value.'), `${path}.${name}.member.dataType`);
  }
  return attributes;
}

function checkName(name: string): void {
  if (Buffer.byteLength(name) >= 256) throw invalidParameterValue('Length of message attribute name must be less than 256 bytes.');
  const bad = [...name].find((ch) => !/[A-Za-z0-9_.-]/.test(ch));
  if (bad !== undefined) {
    const code = (bad.codePointAt(0) ?? 0).toString(16).toUpperCase();
    throw invalidParameterValue(`Invalid non-alphanumeric character '#x${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`);
  }
  if (name.startsWith('.')) throw invalidParameterValue("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith('.')) throw invalidParameterValue("Invalid message attribute name ending with character '.' was found.");
  if (name.includes('..')) throw invalidParameterValue("Message attribute name can not have successive '.' character.");
}

function readValue(name: string, value: QueryParams, dataTypePath: string): MessageAttribute {
  const dataType = value.get('DataType');
  if (dataType === undefined) throw missingMember(dataTypePath);
  const match = TYPE.exec(dataType);
  if (!match) throw invalidParameterValue(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
  const base = match[1] as 'String' | 'Number' | 'Binary';
  const stringValue = value.get('StringValue');
  const binaryValue = value.get('BinaryValue');
  const field = base === 'Binary' ? 'Binary' : 'String';
  if ((field === 'Binary' && stringValue !== undefined && binaryValue === undefined) || (field === 'String' && binaryValue !== undefined && stringValue === undefined)) {
    throw invalidParameterValue(`The message attribute '${name}' with type '${base}' must use field '${field}'.`);
  }
  const empty = field === 'Binary' ? !binaryValue : !stringValue;
  if (empty) throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${base}'.`);
  if (base === 'Binary') return { DataType: dataType, BinaryValue: Buffer.from(binaryValue as string, 'base64') };
  if (base === 'Number' && !NUMBER.test((stringValue as string).trim())) throw invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
  if (dataType === 'String.Array') checkStringArray(name, stringValue as string);
  return { DataType: dataType, StringValue: stringValue };
}

function checkStringArray(name: string, text: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const ok = Array.isArray(parsed) && parsed.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  if (!ok) throw invalidParameterValue(`The message attribute '${name}' with type 'String.Array' must be a JSON array of strings, numbers, true, false or null.`);
}

/** What a message counts toward the 256 KB limit: its text and each attribute's name, type and value. */
export function publishSize(message: string, attributes: Record<string, MessageAttribute>): number {
  let size = Buffer.byteLength(message);
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    size += attribute.BinaryValue ? attribute.BinaryValue.length : Buffer.byteLength(attribute.StringValue ?? '');
  }
  return size;
}

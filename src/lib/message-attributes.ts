import type { FieldError } from '../errors';
import { AttributeDataType, type MessageAttribute } from '../types/attribute.type';

/** A message attribute in the AWS wire shape shared by SQS and SNS (MessageAttributeValue). */
export interface AwsAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

/** What a client sends: MessageAttributeInput. */
export interface AttributeInput {
  name: string;
  value: string;
  dataType?: AttributeDataType | null;
}

const AWS_TYPE: Record<AttributeDataType, string> = { STRING: 'String', NUMBER: 'Number', BINARY: 'Binary' };

/** Characters SQS accepts in a body or string value (XML 1.0's Char production). */
const ALLOWED_TEXT = /^[\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether text has only characters SQS accepts (no control characters, no lone surrogates). */
export function isAllowedText(text: string): boolean {
  return ALLOWED_TEXT.test(text);
}

/** AWS's Number rule: up to 38 significant digits, magnitude between 10^-128 and 10^126 (or zero). */
export function numberProblem(value: string): string | undefined {
  const m = NUMBER.exec(value);
  if (!m) return 'must be a number, e.g. 42, -1.5 or 6.02e23';
  const digits = (m[1] ?? '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > 38) return 'must have at most 38 significant digits';
  const magnitude = Math.abs(Number(value));
  if (magnitude !== 0 && (magnitude > 1e126 || magnitude < 1e-128)) return 'must be between 10^-128 and 10^126 in magnitude';
  return undefined;
}

function valueProblem(type: AttributeDataType, value: string): string | undefined {
  if (type === AttributeDataType.NUMBER) return numberProblem(value);
  if (type === AttributeDataType.BINARY) return BASE64.test(value) && value.length > 0 ? undefined : 'must be base64, e.g. AAEC/w==';
  return isAllowedText(value) ? undefined : 'contains characters SQS does not accept';
}

/**
 * Turns a client's attributes into AWS MessageAttributes (numbers stay Number, binary is
 * decoded from base64), with every problem as a field error under `field` (`attributes.2.value`).
 */
export function encodeAttributes(inputs: readonly AttributeInput[] | null | undefined, field = 'attributes'): { attributes: Record<string, AwsAttributeValue>; errors: FieldError[] } {
  const attributes: Record<string, AwsAttributeValue> = {};
  const errors: FieldError[] = [];
  (inputs ?? []).forEach((input, i) => {
    const type = input.dataType ?? AttributeDataType.STRING;
    if (input.name in attributes) errors.push({ field: `${field}.${i}.name`, message: `name ${input.name} is given more than once` });
    const problem = valueProblem(type, input.value);
    if (problem) errors.push({ field: `${field}.${i}.value`, message: `value of ${input.name} (${type}) ${problem}` });
    attributes[input.name] = type === AttributeDataType.BINARY ? { DataType: AWS_TYPE[type], BinaryValue: Buffer.from(input.value, 'base64') } : { DataType: AWS_TYPE[type], StringValue: input.value };
  });
  return { attributes, errors };
}

/** A message's size as SQS counts it: the body plus each attribute's name, type and value, in bytes. */
export function messageSize(body: string, attributes: Record<string, AwsAttributeValue> = {}): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    size += value.BinaryValue ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return size;
}

/**
 * The API's data type of an AWS data type. Custom types keep their base (`Number.float` is a
 * NUMBER); SNS's `String.Array` is a STRING whose value is the JSON array text, as SNS sends it.
 */
export function dataTypeOf(awsType: string | undefined): AttributeDataType {
  const base = (awsType ?? 'String').split('.')[0];
  if (base === 'Number') return AttributeDataType.NUMBER;
  if (base === 'Binary') return AttributeDataType.BINARY;
  return AttributeDataType.STRING;
}

/** SQS MessageAttributes as the API returns them: sorted by name, binary as base64. */
export function decodeAttributes(attributes: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array }> | undefined): MessageAttribute[] {
  return Object.entries(attributes ?? {})
    .map(([name, v]) => {
      const dataType = dataTypeOf(v.DataType);
      const value = dataType === AttributeDataType.BINARY ? Buffer.from(v.BinaryValue ?? new Uint8Array()).toString('base64') : (v.StringValue ?? '');
      return { name, value, dataType };
    })
    .sort(byName);
}

/** The MessageAttributes of an SNS envelope ({ Type, Value }; binary values are already base64). */
export function decodeSnsAttributes(attributes: Record<string, { Type?: string; Value?: string }> | undefined): MessageAttribute[] {
  return Object.entries(attributes ?? {})
    .map(([name, v]) => ({ name, value: v.Value ?? '', dataType: dataTypeOf(v.Type) }))
    .sort(byName);
}

function byName(a: MessageAttribute, b: MessageAttribute): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../errors';
import { canonicalDecimal, decimalFromNumber, jsonNumberOf, NumberFormatError } from './numbers';

/**
 * Items travel as JSON; DynamoDB's types that JSON lacks are tagged objects with one key:
 *
 * | DynamoDB | JSON                                                                     |
 * |----------|--------------------------------------------------------------------------|
 * | S, BOOL, NULL, L, M | string, boolean, null, array, object                         |
 * | N        | a JSON number when exact, else {"$number": "12345678901234567890"}        |
 * | B        | {"$binary": "<base64>"}                                                   |
 * | SS/NS/BS | {"$stringSet": [...]}, {"$numberSet": [1, "<decimal>"]}, {"$binarySet": ["<base64>"]} |
 * | M that looks like a tag | {"$map": {...}} (accepted anywhere, produced only when needed) |
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Item = Record<string, AttributeValue>;

const TAGS = new Set(['$number', '$binary', '$stringSet', '$numberSet', '$binarySet', '$map']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** DynamoDB nests documents at most 32 levels deep. */
const MAX_DEPTH = 32;

function bad(field: string, message: string): ValidationError {
  return ValidationError.of(field, message);
}

/** A client's JSON object as a DynamoDB item; errors name the offending attribute (`item.price`). */
export function toItem(value: unknown, field: string): Item {
  if (!isObject(value)) throw bad(field, 'must be a JSON object');
  return mapOf(value, field, 1);
}

/** One JSON value as an AttributeValue. */
export function toAttributeValue(value: unknown, field: string, depth = 0): AttributeValue {
  if (depth > MAX_DEPTH) throw bad(field, `is nested more than ${MAX_DEPTH} levels deep`);
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') return { N: numberFrom(value, field) };
  if (Array.isArray(value)) return { L: value.map((v, i) => toAttributeValue(v, `${field}.${i}`, depth + 1)) };
  if (!isObject(value)) throw bad(field, 'is not a JSON value');
  const keys = Object.keys(value);
  const tag = keys.length === 1 && TAGS.has(keys[0] ?? '') ? (keys[0] as string) : undefined;
  return tag ? tagged(tag, value[tag], `${field}.${tag}`, depth) : { M: mapOf(value, field, depth + 1) };
}

/**
 * Checks plain JSON that the document client will store as it is (no tags): numbers DynamoDB keeps
 * exactly (see decimalFromNumber), at most 32 levels deep; throws BAD_USER_INPUT naming the path.
 */
export function checkDocument(value: unknown, field: string, depth = 1): void {
  if (depth > MAX_DEPTH) throw bad(field, `is nested more than ${MAX_DEPTH} levels deep`);
  // Such a number has no tagged form here to send it in, unlike in a table's item.
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) throw bad(field, 'is beyond 2^53-1, the largest integer a JSON number carries exactly');
  if (typeof value === 'number') numberFrom(value, field);
  else if (Array.isArray(value)) value.forEach((v, i) => checkDocument(v, `${field}.${i}`, depth + 1));
  else if (isObject(value)) {
    if (Object.hasOwn(value, '__proto__')) throw bad(`${field}.__proto__`, 'is not supported as an attribute name');
    for (const [key, v] of Object.entries(value)) checkDocument(v, `${field}.${key}`, depth + 1);
  }
}

function tagged(tag: string, value: unknown, field: string, depth: number): AttributeValue {
  switch (tag) {
    case '$number':
      return { N: numberFrom(value, field) };
    case '$binary':
      return { B: Buffer.from(binaryFrom(value, field), 'base64') };
    case '$stringSet':
      return { SS: setOf(value, field, (v, f) => (typeof v === 'string' ? v : fail(f, 'must be a string'))) };
    case '$numberSet':
      return { NS: setOf(value, field, numberFrom) };
    case '$binarySet':
      return { BS: setOf(value, field, binaryFrom).map((b) => Buffer.from(b, 'base64')) };
    default:
      if (!isObject(value)) throw bad(field, 'must be a JSON object');
      return { M: mapOf(value, field, depth + 1) };
  }
}

function mapOf(value: Record<string, unknown>, field: string, depth: number): Item {
  // The SDK's request serializer silently drops a "__proto__" key; refuse it rather than lose it.
  if (Object.hasOwn(value, '__proto__')) throw bad(`${field}.__proto__`, 'is not supported as an attribute name');
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, toAttributeValue(v, `${field}.${key}`, depth)]));
}

function numberFrom(value: unknown, field: string): string {
  try {
    if (typeof value === 'number') return decimalFromNumber(value);
    if (typeof value === 'string') return canonicalDecimal(value);
  } catch (err) {
    if (err instanceof NumberFormatError) throw bad(field, err.message);
    throw err;
  }
  throw bad(field, 'must be a number or a decimal string');
}

/** Base64 text, checked strictly (Buffer.from would silently drop bad characters), re-encoded canonically. */
function binaryFrom(value: unknown, field: string): string {
  if (typeof value !== 'string' || !BASE64.test(value)) throw bad(field, 'must be base64 text');
  return Buffer.from(value, 'base64').toString('base64');
}

/** Set elements must be unique and the set non-empty, as DynamoDB requires; `parse` returns canonical text. */
function setOf(value: unknown, field: string, parse: (v: unknown, field: string) => string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw bad(field, 'must be a non-empty array');
  const out = value.map((v, i) => parse(v, `${field}.${i}`));
  const seen = new Set<string>();
  out.forEach((v, i) => {
    if (seen.has(v)) throw bad(`${field}.${i}`, 'repeats an earlier element; set elements must be unique');
    seen.add(v);
  });
  return out;
}

function fail(field: string, message: string): never {
  throw bad(field, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A DynamoDB item as JSON, in the representation above. */
export function fromItem(item: Item): JsonObject {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, fromAttributeValue(value)]));
}

/** One AttributeValue as JSON; the inverse of toAttributeValue for everything DynamoDB stores. */
export function fromAttributeValue(value: AttributeValue): Json {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return jsonNumberOf(value.N) ?? { $number: value.N };
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return { $binary: base64(value.B) };
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.SS !== undefined) return { $stringSet: value.SS };
  if (value.NS !== undefined) return { $numberSet: value.NS.map((n) => jsonNumberOf(n) ?? n) };
  if (value.BS !== undefined) return { $binarySet: value.BS.map(base64) };
  if (value.M !== undefined) {
    const map = fromItem(value.M);
    const keys = Object.keys(map);
    // A stored map whose only key is a tag name would read back as that type; wrap it.
    return keys.length === 1 && TAGS.has(keys[0] ?? '') ? { $map: map } : map;
  }
  throw new Error(`unsupported DynamoDB attribute type ${Object.keys(value).join(',')}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** A stable text of a key, to compare keys and to name an item in errors. */
export function keyText(key: Item): string {
  return JSON.stringify(Object.keys(key).sort().map((k) => [k, fromAttributeValue(key[k] as AttributeValue)]));
}

import { isPlainObject } from './conditions';
import type { FilterAttribute, FilterMessage, SdkFilterAttribute } from './types';

/**
 * The message as filtering sees it: a JSON object whose keys the policy names. Attributes
 * become String -> string, Number -> number, String.Array -> its parsed elements; Binary
 * attributes are ignored, as SNS ignores them. Undefined when nothing can match: no
 * filterable attribute at all, or a body that is not a JSON object.
 */
export function filterDocument(message: FilterMessage, scope: 'MessageAttributes' | 'MessageBody'): Record<string, unknown> | undefined {
  if (scope === 'MessageBody') return bodyDocument(message.body);
  const doc: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(message.attributes ?? {})) {
    const value = attributeValue(attribute);
    if (value !== undefined) doc[name] = value;
  }
  return Object.keys(doc).length ? doc : undefined;
}

function bodyDocument(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'string') return isPlainObject(body) ? body : undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function attributeValue(attribute: FilterAttribute | SdkFilterAttribute): unknown {
  const type = 'Type' in attribute ? attribute.Type : attribute.DataType;
  const text = 'Type' in attribute ? attribute.Value : attribute.StringValue;
  if (text === undefined || type.startsWith('Binary')) return undefined;
  if (type.startsWith('Number')) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (type.startsWith('String.Array')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed : text;
    } catch {
      return text;
    }
  }
  return text;
}

/** Every leaf value at a key path; arrays on the way are entered element by element (arrays of objects included). */
export function valuesAt(root: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [root];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of flatten(current)) {
      if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, key)) next.push(value[key]);
    }
    current = next;
  }
  return flatten(current);
}

function flatten(values: unknown[]): unknown[] {
  return values.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

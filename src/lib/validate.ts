import { ValidateBy, validate } from 'class-validator';
import { fieldsOf, type FieldError } from '../errors';

/** The class-validator problems of one input object, as `{ field, message }` entries. */
export async function problemsOf<T extends object>(Type: new () => T, value: T): Promise<FieldError[]> {
  const instance = value instanceof Type ? value : Object.assign(new Type(), value);
  return fieldsOf(await validate(instance, { forbidUnknownValues: false }));
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds an unpaired UTF-16 surrogate ("\ud800"): JSON can carry one, but it is no text, and UTF-8 (so AWS) has no encoding for it. */
export function hasUnpairedSurrogate(text: string): boolean {
  return UNPAIRED_SURROGATE.test(text);
}

/** The path (`a.b.0.c`) of the first string in a value that holds an unpaired surrogate, or undefined. */
export function unpairedSurrogatePath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return hasUnpairedSurrogate(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = unpairedSurrogatePath(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** class-validator: a string that is well-formed text (no unpaired surrogates). */
export function IsWellFormedText(): PropertyDecorator {
  return ValidateBy({
    name: 'isWellFormedText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !hasUnpairedSurrogate(value),
      defaultMessage: (args) => `${args?.property ?? 'value'} contains an unpaired UTF-16 surrogate, which is not text`,
    },
  });
}

import { ValidateBy, validate } from 'class-validator';
import { fieldsOf, type FieldError } from '../errors';

/** The class-validator problems of one input object, as `{ field, message }` entries. */
export async function problemsOf<T extends object>(Type: new () => T, value: T): Promise<FieldError[]> {
  const instance = value instanceof Type ? value : Object.assign(new Type(), value);
  return fieldsOf(await validate(instance, { forbidUnknownValues: false }));
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNPAIRED_SURROGATES = new RegExp(UNPAIRED_SURROGATE.source, 'g');

/** Whether a string holds an unpaired UTF-16 surrogate ("\ud800"): JSON can carry one, but it is no text, and UTF-8 (so AWS) has no encoding for it. */
export function hasUnpairedSurrogate(text: string): boolean {
  return UNPAIRED_SURROGATE.test(text);
}

/** The text with each unpaired surrogate replaced by U+FFFD, as a UTF-8 encoder would: an error naming a key that holds one must not carry it back. */
export function wellFormed(text: string): string {
  return text.replace(UNPAIRED_SURROGATES, '\ufffd');
}

/**
 * The path (`a.b.0.c`) of the first string in a value, or key of an object in it, that holds an
 * unpaired surrogate, or undefined; in the path, the keys' unpaired surrogates are U+FFFD. Walked
 * with a stack of its own: a variable may nest JSON far deeper than the call stack goes, and this
 * runs before anything refuses that.
 */
export function unpairedSurrogatePath(value: unknown, path = ''): string | undefined {
  const pending: Array<[unknown, string]> = [[value, path]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, at] = next;
    if (typeof item === 'string') {
      if (hasUnpairedSurrogate(item)) return at;
      continue;
    }
    if (item === null || typeof item !== 'object' || item instanceof Uint8Array) continue;
    const entries = Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      // A key with one stands in for its value: popped in its turn, it is reported at its own path.
      const shown = wellFormed(key);
      pending.push([hasUnpairedSurrogate(key) ? key : child, at ? `${at}.${shown}` : shown]);
    }
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

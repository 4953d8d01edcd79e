import { ValidationError } from '../errors';
import type { BatchFailure } from '../types/batch.type';
import { fromItem, keyText, toItem } from './attribute-values';
import type { BatchEntry } from './batch-put';
import { itemKeyProblems, keyAttrs, keyOf, type KeySchema } from './table-schema';

/**
 * Turns a client's list of items into batch entries. Items that can't be written (not a valid
 * item, a missing or mistyped key attribute, a key already given earlier in the list, which
 * DynamoDB would refuse within one batch) become failures at their position instead of failing
 * the whole list.
 */
export function prepareBatch(schema: KeySchema, items: ReadonlyArray<Record<string, unknown>>): { entries: BatchEntry[]; failed: BatchFailure[] } {
  const names = keyAttrs(schema).map((a) => a.name);
  const entries: BatchEntry[] = [];
  const failed: BatchFailure[] = [];
  const firstIndexOf = new Map<string, number>();
  items.forEach((json, index) => {
    try {
      const item = toItem(json, `items.${index}`);
      const problems = itemKeyProblems(schema, item, `items.${index}`);
      if (problems.length) throw new ValidationError(problems);
      const key = keyOf(item, names);
      const id = JSON.stringify(fromItem(key));
      const text = keyText(key);
      const first = firstIndexOf.get(text);
      if (first !== undefined) {
        failed.push({ index, id, code: 'BAD_USER_INPUT', message: `has the same key as items.${first}; a key may appear once per call` });
        return;
      }
      firstIndexOf.set(text, index);
      entries.push({ index, id, item });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      failed.push({ index, code: 'BAD_USER_INPUT', message: err.fields.map((f) => `${f.field} ${f.message}`).join('; ') });
    }
  });
  return { entries, failed };
}

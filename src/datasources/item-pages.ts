import type { CursorCodec } from '../lib/cursor';
import { fromItem, toItem, type Item } from './attribute-values';
import { decodeNextToken } from './next-token';
import { keyOf } from './table-schema';

/** One Query or Scan call: from `start`, evaluating at most `limit` items. */
export type Read = (start: Item | undefined, limit: number) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item; ScannedCount?: number }>;

export interface RawPage {
  items: Item[];
  /** Where the next page starts; undefined at the end. */
  next?: Item;
  scannedCount: number;
}

/** Largest Limit asked of one Query/Scan while filling a filtered page (DynamoDB also stops at 1 MB). */
const MAX_READ = 10_000;

/**
 * Reads until `limit` items or the end. One item more than asked is read, so a page that ends
 * the list has no next position; a read that DynamoDB cut short (a filter, Limit, 1 MB) is
 * continued with a growing Limit rather than returned short. When more was read than fits, the
 * page ends at its last item and the next starts after it (its key: `keyNames`, the table's key
 * plus the index's for an index).
 */
export async function readPage(read: Read, keyNames: readonly string[], limit: number, start?: Item): Promise<RawPage> {
  const items: Item[] = [];
  let scannedCount = 0;
  for (let batch = limit + 1; ; batch = Math.min(batch * 2, MAX_READ)) {
    const out = await read(start, batch);
    scannedCount += out.ScannedCount ?? 0;
    items.push(...(out.Items ?? []));
    if (items.length > limit) {
      const kept = items.slice(0, limit);
      return { items: kept, next: keyOf(kept[limit - 1] as Item, keyNames), scannedCount };
    }
    // A full page with more to read ends here: the rest may be a long run of filtered-out items.
    if (!out.LastEvaluatedKey || items.length === limit) return { items, next: out.LastEvaluatedKey, scannedCount };
    start = out.LastEvaluatedKey;
  }
}

/** A page position as a signed nextToken of the list `scope`. */
export function encodeCursor(cursors: CursorCodec, scope: string, key: Item): string {
  return cursors.encode(scope, fromItem(key));
}

/** The position in a nextToken; BAD_USER_INPUT on nextToken when it was not issued for `scope`. */
export function decodeCursor(cursors: CursorCodec, scope: string, token: string): Item {
  return toItem(decodeNextToken(cursors, scope, token), 'nextToken');
}

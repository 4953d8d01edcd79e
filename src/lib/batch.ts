/**
 * Splits items, in order, into batches of at most `maxCount` items whose sizes add up to at
 * most `maxBytes` (SendMessageBatch: 10 entries and 1 MiB; PublishBatch: 10 and 256 KiB).
 * An item bigger than `maxBytes` on its own gets a batch of its own, for AWS to refuse.
 */
export function chunkBatches<T>(items: readonly T[], sizeOf: (item: T) => number, maxCount: number, maxBytes: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length === maxCount || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

import { decodeCursor, encodeCursor, readPage, type Read } from '../../src/datasources/item-pages';
import type { Item } from '../../src/datasources/attribute-values';
import { ValidationError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';

/** A fake table of `n` items with keys k0..k(n-1), of which `matches` pass the filter; reads like DynamoDB. */
function table(n: number, matches: (i: number) => boolean) {
  const calls: Array<{ start?: string; limit: number }> = [];
  const read: Read = async (start, limit) => {
    calls.push({ start: start?.pk?.S, limit });
    const from = start ? Number(start.pk?.S?.slice(1)) + 1 : 0;
    const evaluated = Array.from({ length: Math.max(0, Math.min(limit, n - from)) }, (_, j) => from + j);
    const last = evaluated[evaluated.length - 1];
    return {
      Items: evaluated.filter(matches).map((i) => ({ pk: { S: `k${i}` }, v: { N: String(i) } })),
      ScannedCount: evaluated.length,
      ...(last !== undefined && last < n - 1 ? { LastEvaluatedKey: { pk: { S: `k${last}` } } } : {}),
    };
  };
  return { read, calls };
}
const keys = (items: Item[]) => items.map((i) => i.pk?.S);

describe('readPage', () => {
  it('reads one item ahead so the last page has no next position', async () => {
    const { read, calls } = table(5, () => true);
    const page = await readPage(read, ['pk'], 5);
    expect(keys(page.items)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(page.next).toBeUndefined();
    expect(calls).toEqual([{ start: undefined, limit: 6 }]);
  });

  it('ends a page at its last item when more was read, and resumes after it', async () => {
    const { read } = table(10, () => true);
    const first = await readPage(read, ['pk'], 4);
    expect(keys(first.items)).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(first.next).toEqual({ pk: { S: 'k3' } });
    const second = await readPage(read, ['pk'], 4, first.next);
    expect(keys(second.items)).toEqual(['k4', 'k5', 'k6', 'k7']);
  });

  it('keeps reading, with a growing Limit, until a filtered page is full', async () => {
    const { read, calls } = table(100, (i) => i % 20 === 0);
    const page = await readPage(read, ['pk'], 3);
    expect(keys(page.items)).toEqual(['k0', 'k20', 'k40']);
    expect(calls.map((c) => c.limit)).toEqual([4, 8, 16, 32]);
    expect(page.scannedCount).toBe(4 + 8 + 16 + 32);
    expect(page.next).toEqual({ pk: { S: 'k59' } });
  });

  it('reads to the end of the table rather than return an empty page that has more', async () => {
    const { read } = table(300, () => false);
    const page = await readPage(read, ['pk'], 2);
    expect(page).toEqual({ items: [], next: undefined, scannedCount: 300 });
  });

  it('builds the next position from the table and index key attributes of the last item', async () => {
    const read: Read = async () => ({ Items: [1, 2, 3].map((i) => ({ pk: { S: `p${i}` }, gsi: { N: String(i) }, other: { S: 'x' } })), ScannedCount: 3 });
    expect((await readPage(read, ['pk', 'gsi'], 2)).next).toEqual({ pk: { S: 'p2' }, gsi: { N: '2' } });
  });
});

describe('encodeCursor / decodeCursor', () => {
  const cursors = new CursorCodec('secret');
  it('round-trips a key, binary and large numbers included', () => {
    const key = { pk: { B: Buffer.from([0, 255]) }, sk: { N: '12345678901234567890' } };
    expect(decodeCursor(cursors, 'scope', encodeCursor(cursors, 'scope', key))).toEqual(key);
  });

  it('refuses a token of another scope as BAD_USER_INPUT on nextToken', () => {
    const token = encodeCursor(cursors, 'a', { pk: { S: 'x' } });
    expect(() => decodeCursor(cursors, 'b', token)).toThrow(ValidationError);
    expect(() => decodeCursor(new CursorCodec('other'), 'a', token)).toThrow('nextToken was not issued for this list or has been altered');
  });
});

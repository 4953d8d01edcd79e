import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const SCAN = `query($table: String!, $filter: [AttributeCondition!], $limit: Int, $next: String) {
  scanItems(table: $table, filter: $filter, limit: $limit, nextToken: $next) { items nextToken scannedCount } }`;
const PUT_MANY = 'mutation($table: String!, $items: [JSONObject!]!) { putItems(table: $table, items: $items) { written } }';

let app: App;
/** Attribute names that must stay names: a dot, a space, reserved words, expression syntax. */
const products = [
  { sku: 'p1', price: 0.1, status: 'active', 'a.b': 'dotted', 'first name': 'Ann', tags: ['sale', 'new'], colours: { $stringSet: ['red'] }, note: 'x OR 1=1' },
  { sku: 'p2', price: 0.30000000000000004, status: 'active', 'a.b': 'other', 'first name': 'Bob', tags: ['new'] },
  { sku: 'p3', price: 0.3, status: 'retired', 'first name': 'Ann-Marie', colours: { $stringSet: ['red', 'blue'] } },
  { sku: 'p4', price: 12, status: 'active', big: { $number: '12345678901234567890' } },
  { sku: 'p5', price: 100, status: 'draft', note: ':v0' },
];

beforeAll(async () => {
  app = await startTestApp();
  await gqlData(app, 'mutation { createTable(input: {name: "products", partitionKey: "sku"}) { name } }');
  await gqlData(app, 'mutation { createTable(input: {name: "numbers", partitionKey: "n", partitionKeyType: N}) { name } }');
  await gqlData(app, PUT_MANY, { table: 'products', items: products });
  await gqlData(app, PUT_MANY, { table: 'numbers', items: Array.from({ length: 100 }, (_, n) => ({ n, tenth: n % 10 === 0 })) });
});
afterAll(() => app.close());

async function skus(filter: unknown[]): Promise<string[]> {
  const { scanItems } = await gqlData(app, SCAN, { table: 'products', filter });
  return scanItems.items.map((i: { sku: string }) => i.sku).sort();
}

describe('scanItems', () => {
  it('returns every item without a filter, with scannedCount', async () => {
    const { scanItems } = await gqlData(app, SCAN, { table: 'products' });
    expect(scanItems.items.map((i: { sku: string }) => i.sku).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(scanItems.scannedCount).toBe(5);
    expect(scanItems.nextToken).toBeNull();
  });

  it.each([
    ['EQ on an exact decimal', [{ attribute: 'price', operator: 'EQ', values: [0.1] }], ['p1']],
    ['EQ tells 0.3 from 0.30000000000000004', [{ attribute: 'price', operator: 'EQ', values: [0.3] }], ['p3']],
    ['EQ on a number beyond doubles', [{ attribute: 'big', operator: 'EQ', values: [{ $number: '12345678901234567890' }] }], ['p4']],
    ['NE', [{ attribute: 'status', operator: 'NE', values: ['active'] }], ['p3', 'p5']],
    ['LT', [{ attribute: 'price', operator: 'LT', values: [0.3] }], ['p1']],
    ['LTE', [{ attribute: 'price', operator: 'LTE', values: [0.3] }], ['p1', 'p3']],
    ['GT', [{ attribute: 'price', operator: 'GT', values: [0.3] }], ['p2', 'p4', 'p5']],
    ['GTE', [{ attribute: 'price', operator: 'GTE', values: [12] }], ['p4', 'p5']],
    ['BETWEEN', [{ attribute: 'price', operator: 'BETWEEN', values: [0.2, 12] }], ['p2', 'p3', 'p4']],
    ['BEGINS_WITH on a name with a space', [{ attribute: 'first name', operator: 'BEGINS_WITH', values: ['Ann'] }], ['p1', 'p3']],
    ['CONTAINS in a list', [{ attribute: 'tags', operator: 'CONTAINS', values: ['sale'] }], ['p1']],
    ['CONTAINS in a string set', [{ attribute: 'colours', operator: 'CONTAINS', values: ['blue'] }], ['p3']],
    ['EXISTS on a name with a dot (not a path)', [{ attribute: 'a.b', operator: 'EXISTS' }], ['p1', 'p2']],
    ['NOT_EXISTS', [{ attribute: 'tags', operator: 'NOT_EXISTS', values: [] }], ['p3', 'p4', 'p5']],
    ['IN', [{ attribute: 'sku', operator: 'IN', values: ['p2', 'p5', 'zz'] }], ['p2', 'p5']],
    ['a reserved word as a name', [{ attribute: 'status', operator: 'EQ', values: ['draft'] }], ['p5']],
    ['a value that looks like an expression', [{ attribute: 'note', operator: 'EQ', values: ['x OR 1=1'] }], ['p1']],
    ['a value that looks like a placeholder', [{ attribute: 'note', operator: 'EQ', values: [':v0'] }], ['p5']],
    ['a name that looks like an expression', [{ attribute: 'status) OR (attribute_exists(sku)', operator: 'EXISTS' }], []],
    ['all conditions together (AND)', [{ attribute: 'status', operator: 'EQ', values: ['active'] }, { attribute: 'price', operator: 'LT', values: [1] }], ['p1', 'p2']],
  ])('filters with %s', async (_name, filter, expected) => {
    expect(await skus(filter)).toEqual(expected);
  });

  it('keeps reading until the page is full: a selective filter never ends a page early', async () => {
    const filter = [{ attribute: 'tenth', operator: 'EQ', values: [true] }];
    const seen: number[] = [];
    const pages: Array<{ size: number; scanned: number }> = [];
    let next: string | null = null;
    do {
      const { scanItems }: { scanItems: { items: Array<{ n: number }>; nextToken: string | null; scannedCount: number } } = await gqlData(app, SCAN, { table: 'numbers', filter, limit: 3, next });
      pages.push({ size: scanItems.items.length, scanned: scanItems.scannedCount });
      seen.push(...scanItems.items.map((i) => i.n));
      next = scanItems.nextToken;
    } while (next);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(pages.map((p) => p.size)).toEqual([3, 3, 3, 1]);
    for (const page of pages.slice(0, 3)) expect(page.scanned).toBeGreaterThan(3);
  });

  it('reads the whole table for a filter that matches nothing and says so in one page', async () => {
    const { scanItems } = await gqlData(app, SCAN, { table: 'numbers', filter: [{ attribute: 'n', operator: 'LT', values: [-1] }], limit: 5 });
    expect(scanItems).toEqual({ items: [], nextToken: null, scannedCount: 100 });
  });

  it('refuses a token from another table or another filter', async () => {
    const { scanItems } = await gqlData(app, SCAN, { table: 'numbers', limit: 2 });
    const other = await gql(app, SCAN, { table: 'products', limit: 2, next: scanItems.nextToken });
    expect(codesOf(other)).toEqual(['BAD_USER_INPUT']);
    const filtered = await gql(app, SCAN, { table: 'numbers', limit: 2, next: scanItems.nextToken, filter: [{ attribute: 'n', operator: 'EXISTS' }] });
    expect(filtered.errors?.[0]?.extensions?.fields).toEqual([{ field: 'nextToken', message: 'nextToken was not issued for this list or has been altered' }]);
  });

  it.each([
    [[{ attribute: 'price', operator: 'EQ' }], 'filter.0.values', 'EQ takes exactly 1 value, got 0'],
    [[{ attribute: 'a', operator: 'EXISTS' }, { attribute: 'price', operator: 'BETWEEN', values: [1] }], 'filter.1.values', 'BETWEEN takes exactly 2 values, got 1'],
    [[{ attribute: 'a', operator: 'EXISTS', values: [1] }], 'filter.0.values', 'EXISTS takes exactly 0 values, got 1'],
    [[{ attribute: 'a', operator: 'BEGINS_WITH', values: [1] }], 'filter.0.values', 'BEGINS_WITH takes a string or binary value'],
    [[{ attribute: 'a', operator: 'EQ', values: [12345678901234567890] }], 'filter.0.values.0', expect.stringContaining('2^53-1')],
    [[{ attribute: 'price', operator: 'LT', values: [true] }], 'filter.0.values', 'LT compares strings, numbers or binary values only'],
    [[{ attribute: 'price', operator: 'BETWEEN', values: [12, 0.2] }], 'filter.0.values', 'BETWEEN takes the lower bound first'],
  ])('refuses the filter %j as BAD_USER_INPUT on %s', async (filter, field, message) => {
    const res = await gql(app, SCAN, { table: 'products', filter });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field, message }]);
  });

  it('is NOT_FOUND for a missing table', async () => {
    const res = await gql(app, SCAN, { table: 'NoSuchTable' });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.errors?.[0]?.message).toBe('Table NoSuchTable not found');
  });
});

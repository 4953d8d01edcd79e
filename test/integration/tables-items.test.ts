import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const PUT = 'mutation($table: String!, $item: JSONObject!) { putItem(table: $table, item: $item) }';
const GET = 'query($table: String!, $key: JSONObject!) { item(table: $table, key: $key) }';
const DELETE = 'mutation($table: String!, $key: JSONObject!) { deleteItem(table: $table, key: $key) }';
const PUT_MANY = 'mutation($table: String!, $items: [JSONObject!]!) { putItems(table: $table, items: $items) { written failed { index id code message } } }';

let app: App;
beforeAll(async () => {
  app = await startTestApp();
  const create = 'mutation($input: CreateTableInput!) { createTable(input: $input) { name } }';
  await gqlData(app, create, { input: { name: 'things', partitionKey: 'id' } });
  await gqlData(app, create, { input: { name: 'readings', partitionKey: 'sensor', sortKey: 'at', sortKeyType: 'N' } });
  await gqlData(app, create, { input: { name: 'blobs', partitionKey: 'digest', partitionKeyType: 'B' } });
});
afterAll(() => app.close());

const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.fields;

describe('putItem, item, deleteItem', () => {
  it('puts an item, reads it back equal, deletes it returning the old item, then reads null', async () => {
    const item = { id: 'user_001', name: 'Alice Smith', age: 30, active: true, nickname: null, tags: ['a', 'b'], address: { city: 'Oslo', zip: '0150' } };
    expect(await gqlData(app, PUT, { table: 'things', item })).toEqual({ putItem: item });
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'user_001' } })).toEqual({ item });
    expect(await gqlData(app, DELETE, { table: 'things', key: { id: 'user_001' } })).toEqual({ deleteItem: item });
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'user_001' } })).toEqual({ item: null });
    expect(await gqlData(app, DELETE, { table: 'things', key: { id: 'user_001' } })).toEqual({ deleteItem: null });
  });

  it('replaces an item with the same key', async () => {
    await gqlData(app, PUT, { table: 'things', item: { id: 'r', a: 1, b: 2 } });
    await gqlData(app, PUT, { table: 'things', item: { id: 'r', c: 3 } });
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'r' } })).toEqual({ item: { id: 'r', c: 3 } });
  });

  it('keeps numbers exact: 0.1 stays 0.1, 0.30000000000000004 stays itself, 38 digits survive as {"$number"}', async () => {
    const item = {
      id: 'numbers',
      price: 0.1,
      sum: 0.30000000000000004,
      third: 0.3,
      safe: 9007199254740991,
      big: { $number: '12345678901234567890' },
      precise: { $number: '3.1415926535897932384626433832795028841' },
      trailing: { $number: '1.50' },
    };
    const stored = { ...item, trailing: 1.5 };
    expect(await gqlData(app, PUT, { table: 'things', item })).toEqual({ putItem: stored });
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: GET, variables: { table: 'things', key: { id: 'numbers' } } }) });
    const text = await res.text();
    expect(text).toContain('"price":0.1,');
    expect(text).toContain('"sum":0.30000000000000004,');
    expect(text).toContain('"big":{"$number":"12345678901234567890"}');
    expect(text).toContain('"precise":{"$number":"3.1415926535897932384626433832795028841"}');
    expect(JSON.parse(text).data.item).toEqual(stored);
  });

  it('refuses an integer beyond 2^53-1 sent as a JSON number, naming the attribute', async () => {
    const res = await gql(app, PUT, { table: 'things', item: { id: 'x', big: 12345678901234567890 } });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(res)).toEqual([{ field: 'item.big', message: expect.stringContaining('{"$number": "<digits>"}') }]);
  });

  it('refuses numbers DynamoDB cannot store, naming the attribute', async () => {
    const digits = await gql(app, PUT, { table: 'things', item: { id: 'x', n: { $number: '123456789012345678901234567890123456789' } } });
    expect(fieldsOf(digits)).toEqual([{ field: 'item.n.$number', message: 'has more than 38 significant digits, the most DynamoDB stores' }]);
    const range = await gql(app, PUT, { table: 'things', item: { id: 'x', n: { $number: '1e126' } } });
    expect(fieldsOf(range)?.[0]?.field).toBe('item.n.$number');
  });

  it('keeps attribute names that are special in JavaScript or DynamoDB expressions', async () => {
    const item = { id: 'odd-names', constructor: 'c', toString: 1, 'a.b': 1, 'first name': 'Ann', status: 'x', '#n0': ':v0' };
    await gqlData(app, PUT, { table: 'things', item });
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'odd-names' } })).toEqual({ item });
    const proto = await gql(app, PUT, { table: 'things', item: JSON.parse('{"id": "p", "__proto__": {"a": 1}}') });
    expect(fieldsOf(proto)).toEqual([{ field: 'item.__proto__', message: 'is not supported as an attribute name' }]);
  });

  it('stores binary as {"$binary"} and sets as tagged arrays', async () => {
    const item = { id: 'typed', raw: { $binary: 'AAEC/w==' }, colours: { $stringSet: ['red', 'green'] }, sizes: { $numberSet: [1, 2.5, '12345678901234567890'] }, keys: { $binarySet: ['AQ==', 'Ag=='] } };
    await gqlData(app, PUT, { table: 'things', item });
    const { item: read } = await gqlData(app, GET, { table: 'things', key: { id: 'typed' } });
    expect(read.raw).toEqual({ $binary: 'AAEC/w==' });
    expect(read.colours.$stringSet.sort()).toEqual(['green', 'red']);
    expect(read.sizes.$numberSet.map(String).sort()).toEqual(['1', '12345678901234567890', '2.5']);
    expect(read.keys.$binarySet.sort()).toEqual(['AQ==', 'Ag==']);
  });

  it('works with number and binary keys', async () => {
    await gqlData(app, PUT, { table: 'readings', item: { sensor: 's1', at: 1700000000.5, value: 21.5 } });
    expect(await gqlData(app, GET, { table: 'readings', key: { sensor: 's1', at: 1700000000.5 } })).toEqual({ item: { sensor: 's1', at: 1700000000.5, value: 21.5 } });
    expect(await gqlData(app, GET, { table: 'readings', key: { sensor: 's1', at: { $number: '1700000000.50' } } })).toEqual({ item: { sensor: 's1', at: 1700000000.5, value: 21.5 } });
    await gqlData(app, PUT, { table: 'blobs', item: { digest: { $binary: '3q2+7w==' }, size: 4 } });
    expect(await gqlData(app, GET, { table: 'blobs', key: { digest: { $binary: '3q2+7w==' } } })).toEqual({ item: { digest: { $binary: '3q2+7w==' }, size: 4 } });
  });

  it('validates keys against the key schema: missing, extra, wrong type', async () => {
    const missing = await gql(app, GET, { table: 'readings', key: { sensor: 's1' } });
    expect(codesOf(missing)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(missing)).toEqual([{ field: 'key.at', message: 'is required: key attribute of type N' }]);
    const extra = await gql(app, DELETE, { table: 'things', key: { id: 'a', name: 'x' } });
    expect(fieldsOf(extra)).toEqual([{ field: 'key.name', message: 'is not part of the key (id)' }]);
    const type = await gql(app, GET, { table: 'readings', key: { sensor: 's1', at: '2024' } });
    expect(fieldsOf(type)).toEqual([{ field: 'key.at', message: 'must be a number: key attribute at is of type N' }]);
    const binary = await gql(app, GET, { table: 'blobs', key: { digest: 'abc' } });
    expect(fieldsOf(binary)?.[0]?.field).toBe('key.digest');
    const item = await gql(app, PUT, { table: 'readings', item: { sensor: 's1', value: 1 } });
    expect(fieldsOf(item)).toEqual([{ field: 'item.at', message: 'is required: key attribute of type N' }]);
  });

  it("turns DynamoDB's own validation of client values into BAD_USER_INPUT naming the field", async () => {
    const res = await gql(app, PUT, { table: 'things', item: { id: 'huge', blob: 'x'.repeat(410 * 1024) } });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(res)).toEqual([{ field: 'item', message: expect.stringMatching(/size/i) }]);
  });

  it('is NOT_FOUND, naming the table, for every item operation on a missing table', async () => {
    const results = await Promise.all([
      gql(app, GET, { table: 'missing', key: { id: 'a' } }),
      gql(app, PUT, { table: 'missing', item: { id: 'a' } }),
      gql(app, DELETE, { table: 'missing', key: { id: 'a' } }),
      gql(app, PUT_MANY, { table: 'missing', items: [{ id: 'a' }] }),
    ]);
    for (const res of results) {
      expect(codesOf(res)).toEqual(['NOT_FOUND']);
      expect(res.errors?.[0]?.message).toBe('Table missing not found');
    }
  });
});

describe('putItems', () => {
  it('writes any number of items, 25 per batch, and every one can be read back', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ sensor: 'batch', at: i, value: i / 10 }));
    const before = app.localAws?.requestCounts.get('dynamodb:BatchWriteItem') ?? 0;
    expect(await gqlData(app, PUT_MANY, { table: 'readings', items })).toEqual({ putItems: { written: 60, failed: [] } });
    expect(app.localAws?.requestCounts.get('dynamodb:BatchWriteItem')).toBe(before + 3);
    const page = await gqlData(app, 'query { queryItems(table: "readings", partitionKey: "batch", limit: 100) { items } }');
    expect(page.queryItems.items).toEqual(items);
  });

  it('reports invalid and repeated items by position and writes the rest', async () => {
    const items = [{ id: 'p0' }, { name: 'no key' }, { id: 'p2', n: 12345678901234567890 }, { id: 'p0', again: true }, { id: 'p4' }];
    const { putItems } = await gqlData(app, PUT_MANY, { table: 'things', items });
    expect(putItems.written).toBe(2);
    expect(putItems.failed).toEqual([
      { index: 1, id: null, code: 'BAD_USER_INPUT', message: 'items.1.id is required: key attribute of type S' },
      { index: 2, id: null, code: 'BAD_USER_INPUT', message: expect.stringContaining('items.2.n') },
      { index: 3, id: '{"id":"p0"}', code: 'BAD_USER_INPUT', message: 'has the same key as items.0; a key may appear once per call' },
    ]);
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'p4' } })).toEqual({ item: { id: 'p4' } });
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'p0' } })).toEqual({ item: { id: 'p0' } });
  });

  it('isolates an item DynamoDB refuses inside a batch and writes the others of that batch', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `big-${i}`, blob: i === 3 ? 'x'.repeat(410 * 1024) : 'small' }));
    const { putItems } = await gqlData(app, PUT_MANY, { table: 'things', items });
    expect(putItems.written).toBe(4);
    expect(putItems.failed).toEqual([{ index: 3, id: '{"id":"big-3"}', code: 'BAD_USER_INPUT', message: expect.stringMatching(/size/i) }]);
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'big-4' } })).toEqual({ item: { id: 'big-4', blob: 'small' } });
    expect(await gqlData(app, GET, { table: 'things', key: { id: 'big-3' } })).toEqual({ item: null });
  });

  it('accepts an empty list', async () => {
    expect(await gqlData(app, PUT_MANY, { table: 'things', items: [] })).toEqual({ putItems: { written: 0, failed: [] } });
  });
});

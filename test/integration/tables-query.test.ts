import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const QUERY = `query($table: String!, $pk: JSON!, $sk: SortKeyCondition, $index: String, $limit: Int, $next: String) {
  queryItems(table: $table, partitionKey: $pk, sortKey: $sk, index: $index, limit: $limit, nextToken: $next) { items nextToken scannedCount } }`;
const PUT_MANY = 'mutation($table: String!, $items: [JSONObject!]!) { putItems(table: $table, items: $items) { written } }';

let app: App;
const orders = [
  { user_id: 'user_001', order_date: '2024-01-05', amount: 10, status: 'shipped' },
  { user_id: 'user_001', order_date: '2024-01-20', amount: 25.5, status: 'placed' },
  { user_id: 'user_001', order_date: '2024-02-10', amount: 7, status: 'shipped' },
  { user_id: 'user_001', order_date: '2024-03-15', amount: 99.99, status: 'shipped' },
  { user_id: 'user_001', order_date: '2024-04-01', amount: 12, status: 'cancelled' },
  { user_id: 'user_002', order_date: '2024-01-10', amount: 3, status: 'shipped' },
];
const dates = (items: Array<{ order_date: string }>) => items.map((i) => i.order_date);

beforeAll(async () => {
  app = await startTestApp();
  await gqlData(app, 'mutation { createTable(input: {name: "UserOrders", partitionKey: "user_id", sortKey: "order_date"}) { name } }');
  await gqlData(app, 'mutation { createTable(input: {name: "Counters", partitionKey: "id"}) { name } }');
  // An index can't be declared through createTable; the SDK sets one up, as another tool would.
  await app.clients.dynamo.send(
    new CreateTableCommand({
      TableName: 'Indexed',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'user_id', AttributeType: 'S' },
        { AttributeName: 'order_date', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'amount', AttributeType: 'N' },
      ],
      KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }, { AttributeName: 'order_date', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'amount', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
    }),
  );
  await gqlData(app, PUT_MANY, { table: 'UserOrders', items: orders });
  await gqlData(app, PUT_MANY, { table: 'Indexed', items: orders });
});
afterAll(() => app.close());

async function query(vars: Record<string, unknown>) {
  return (await gqlData(app, QUERY, vars)).queryItems;
}

describe('queryItems', () => {
  it('returns one partition in sort-key order', async () => {
    const page = await query({ table: 'UserOrders', pk: 'user_001' });
    expect(page).toEqual({ items: orders.slice(0, 5), nextToken: null, scannedCount: 5 });
  });

  it.each([
    ['BETWEEN', ['2024-01-01', '2024-03-31'], ['2024-01-05', '2024-01-20', '2024-02-10', '2024-03-15']],
    ['BEGINS_WITH', ['2024-01'], ['2024-01-05', '2024-01-20']],
    ['EQ', ['2024-02-10'], ['2024-02-10']],
    ['LT', ['2024-02-10'], ['2024-01-05', '2024-01-20']],
    ['LTE', ['2024-02-10'], ['2024-01-05', '2024-01-20', '2024-02-10']],
    ['GT', ['2024-03-15'], ['2024-04-01']],
    ['GTE', ['2024-03-15'], ['2024-03-15', '2024-04-01']],
  ])('narrows by the sort key with %s %j', async (operator, values, expected) => {
    const page = await query({ table: 'UserOrders', pk: 'user_001', sk: { operator, values } });
    expect(dates(page.items)).toEqual(expected);
  });

  it('pages with nextToken until null, every item once, in order', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    const sizes: number[] = [];
    do {
      const page: { items: Array<{ order_date: string }>; nextToken: string | null } = await query({ table: 'UserOrders', pk: 'user_001', limit: 2, next });
      sizes.push(page.items.length);
      seen.push(...dates(page.items));
      next = page.nextToken;
    } while (next);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(dates(orders.slice(0, 5)));
  });

  it('queries a global index by its own keys, and pages through it', async () => {
    const page = await query({ table: 'Indexed', index: 'by-status', pk: 'shipped', sk: { operator: 'GT', values: [5] } });
    expect(page.items.map((i: { amount: number }) => i.amount)).toEqual([7, 10, 99.99]);
    const first = await query({ table: 'Indexed', index: 'by-status', pk: 'shipped', limit: 2 });
    const second = await query({ table: 'Indexed', index: 'by-status', pk: 'shipped', limit: 2, next: first.nextToken });
    expect([...first.items, ...second.items].map((i: { amount: number }) => i.amount)).toEqual([3, 7, 10, 99.99]);
    expect(second.nextToken).toBeNull();
  });

  it('refuses a token from another table, another partition, or one that was altered', async () => {
    const { nextToken } = await query({ table: 'UserOrders', pk: 'user_001', limit: 1 });
    expect(nextToken).toEqual(expect.any(String));
    const attempts = [
      { table: 'Indexed', pk: 'user_001', limit: 1, next: nextToken },
      { table: 'UserOrders', pk: 'user_002', limit: 1, next: nextToken },
      { table: 'UserOrders', pk: 'user_001', limit: 1, next: `${nextToken.slice(0, -2)}xx` },
      { table: 'UserOrders', pk: 'user_001', limit: 1, next: 'not-a-token' },
    ];
    for (const vars of attempts) {
      const res = await gql(app, QUERY, vars);
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('nextToken');
    }
  });

  it.each([
    [{ table: 'UserOrders', pk: 5 }, 'partitionKey', 'must be a non-empty string: key attribute user_id is of type S'],
    [{ table: 'UserOrders', pk: 'u', sk: { operator: 'BETWEEN', values: ['a'] } }, 'sortKey.values', 'BETWEEN takes exactly 2 values, got 1'],
    [{ table: 'UserOrders', pk: 'u', sk: { operator: 'EQ', values: [1] } }, 'sortKey.values.0', 'must be a non-empty string: key attribute order_date is of type S'],
    [{ table: 'Counters', pk: 'c', sk: { operator: 'EQ', values: ['x'] } }, 'sortKey', 'table Counters has no sort key'],
    [{ table: 'Indexed', index: 'by-status', pk: 's', sk: { operator: 'BEGINS_WITH', values: [1] } }, 'sortKey.values.0', 'BEGINS_WITH needs a string or binary sort key'],
    [{ table: 'UserOrders', pk: 'u', limit: 0 }, 'limit', 'must be 1-1000'],
    [{ table: 'UserOrders', pk: 'u', limit: 1001 }, 'limit', 'must be 1-1000'],
  ])('refuses %j as BAD_USER_INPUT on %s', async (vars, field, message) => {
    const res = await gql(app, QUERY, vars);
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field, message }]);
  });

  it('refuses a reversed BETWEEN range on sortKey.values (AWS refuses it; moto would match nothing)', async () => {
    const res = await gql(app, QUERY, { table: 'UserOrders', pk: 'user_001', sk: { operator: 'BETWEEN', values: ['2024-03-01', '2024-01-01'] } });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field: 'sortKey.values', message: 'BETWEEN takes the lower bound first' }]);
  });

  it('refuses key values longer than DynamoDB stores, as item does: partition 2048 bytes, sort 1024 (of UTF-8)', async () => {
    const item = await gql(app, 'query($k: JSONObject!) { item(table: "UserOrders", key: $k) }', { k: { user_id: 'x'.repeat(3000), order_date: 'a' } });
    expect(codesOf(item)).toEqual(['BAD_USER_INPUT']);
    const long = await gql(app, QUERY, { table: 'UserOrders', pk: 'x'.repeat(3000) });
    expect(codesOf(long)).toEqual(['BAD_USER_INPUT']);
    expect(long.errors?.[0]?.extensions?.fields).toEqual([{ field: 'partitionKey', message: 'is 3000 bytes; a partition key value is at most 2048 bytes' }]);
    const onIndex = await gql(app, QUERY, { table: 'Indexed', index: 'by-status', pk: 'é'.repeat(1025) });
    expect(onIndex.errors?.[0]?.extensions?.fields).toEqual([{ field: 'partitionKey', message: 'is 2050 bytes; a partition key value is at most 2048 bytes' }]);
    const sort = await gql(app, QUERY, { table: 'UserOrders', pk: 'user_001', sk: { operator: 'BEGINS_WITH', values: ['2'.repeat(1025)] } });
    expect(sort.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'sortKey.values.0', message: 'is 1025 bytes; a sort key value is at most 1024 bytes' }] });
    expect(dates((await query({ table: 'UserOrders', pk: 'user_001', sk: { operator: 'LT', values: ['2'.repeat(1024)] } })).items)).toEqual(dates(orders.slice(0, 5)));
    expect((await query({ table: 'UserOrders', pk: 'x'.repeat(2048) })).items).toEqual([]);
  });

  it('is NOT_FOUND for a missing table or index', async () => {
    const table = await gql(app, QUERY, { table: 'NoSuchTable', pk: 'u' });
    expect(codesOf(table)).toEqual(['NOT_FOUND']);
    expect(table.errors?.[0]?.message).toBe('Table NoSuchTable not found');
    const index = await gql(app, QUERY, { table: 'UserOrders', index: 'nope-index', pk: 'u' });
    expect(codesOf(index)).toEqual(['NOT_FOUND']);
    expect(index.errors?.[0]?.message).toBe('Index nope-index not found on table UserOrders');
  });
});

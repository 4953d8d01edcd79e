import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const TABLE_FIELDS = 'name arn status partitionKey { name type } sortKey { name type } globalIndexes { name partitionKey { name type } sortKey { name type } } itemCount';
const CREATE = `mutation($input: CreateTableInput!) { createTable(input: $input) { ${TABLE_FIELDS} } }`;

let app: App;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('createTable', () => {
  it('creates a table with a simple key (partition key type S by default), ACTIVE on return', async () => {
    const { createTable } = await gqlData(app, CREATE, { input: { name: 'Users.v1', partitionKey: 'user_id' } });
    expect(createTable).toEqual({
      name: 'Users.v1',
      arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/Users.v1',
      status: 'ACTIVE',
      partitionKey: { name: 'user_id', type: 'S' },
      sortKey: null,
      globalIndexes: [],
      itemCount: 0,
    });
  });

  it('creates a table with a composite key of the given types', async () => {
    const { createTable } = await gqlData(app, CREATE, { input: { name: 'UserOrders', partitionKey: 'user_id', partitionKeyType: 'N', sortKey: 'order_date', sortKeyType: 'B' } });
    expect(createTable.partitionKey).toEqual({ name: 'user_id', type: 'N' });
    expect(createTable.sortKey).toEqual({ name: 'order_date', type: 'B' });
    const { table } = await gqlData(app, `query { table(name: "UserOrders") { ${TABLE_FIELDS} } }`);
    expect(table).toEqual(createTable);
  });

  it('refuses an existing table with CONFLICT', async () => {
    await gqlData(app, CREATE, { input: { name: 'twice', partitionKey: 'pk' } });
    const res = await gql(app, CREATE, { input: { name: 'twice', partitionKey: 'other' } });
    expect(codesOf(res)).toEqual(['CONFLICT']);
    expect(res.errors?.[0]?.message).toBe('Table twice already exists');
  });

  it.each([
    ['ab', 'name'],
    ['a'.repeat(256), 'name'],
    ['has space', 'name'],
    ['slash/name', 'name'],
  ])('refuses the name %j as BAD_USER_INPUT on %s', async (name, field) => {
    const res = await gql(app, CREATE, { input: { name, partitionKey: 'pk' } });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field, message: 'must be 3-255 characters of A-Z a-z 0-9 _ . -' }]);
  });

  it('refuses an empty key name, a sort key named like the partition key and an unknown key type', async () => {
    const empty = await gql(app, CREATE, { input: { name: 'keys1', partitionKey: '' } });
    expect(empty.errors?.[0]?.extensions?.fields).toEqual([{ field: 'partitionKey', message: 'must be 1-255 characters' }]);
    const same = await gql(app, CREATE, { input: { name: 'keys2', partitionKey: 'id', sortKey: 'id' } });
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'sortKey', message: 'must differ from partitionKey' }] });
    const type = await gql(app, CREATE, { input: { name: 'keys3', partitionKey: 'id', partitionKeyType: 'BOOL' } });
    expect(codesOf(type)).toEqual(['BAD_USER_INPUT']);
    expect((await gqlData(app, 'query { a: table(name: "keys1") { name } b: table(name: "keys2") { name } }'))).toEqual({ a: null, b: null });
  });
});

describe('tables, table, deleteTable', () => {
  it('lists every table with its key schema and global indexes', async () => {
    await gqlData(app, CREATE, { input: { name: 'listed', partitionKey: 'pk', sortKey: 'sk', sortKeyType: 'N' } });
    const { tables } = await gqlData(app, `query { tables { ${TABLE_FIELDS} } }`);
    const names = tables.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'orders', 'listed']));
    expect(tables.find((t: { name: string }) => t.name === 'users')).toMatchObject({
      partitionKey: { name: 'user_id', type: 'S' },
      sortKey: null,
      globalIndexes: [{ name: 'email-index', partitionKey: { name: 'email', type: 'S' }, sortKey: null }],
    });
    expect(tables.find((t: { name: string }) => t.name === 'listed')).toMatchObject({ sortKey: { name: 'sk', type: 'N' }, status: 'ACTIVE' });
  });

  it('table(name) is null for a missing table and BAD_USER_INPUT for an invalid name', async () => {
    expect(await gqlData(app, 'query { table(name: "no-such-table") { name } }')).toEqual({ table: null });
    const res = await gql(app, 'query { table(name: "x") { name } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'name' }] });
  });

  it('deletes a table, then NOT_FOUND for it', async () => {
    await gqlData(app, CREATE, { input: { name: 'doomed', partitionKey: 'pk' } });
    expect(await gqlData(app, 'mutation { deleteTable(name: "doomed") }')).toEqual({ deleteTable: true });
    expect(await gqlData(app, 'query { table(name: "doomed") { name } }')).toEqual({ table: null });
    const again = await gql(app, 'mutation { deleteTable(name: "doomed") }');
    expect(codesOf(again)).toEqual(['NOT_FOUND']);
    expect(again.errors?.[0]?.message).toBe('Table doomed not found');
  });

  it("refuses to delete the API's own tables with FORBIDDEN", async () => {
    const res = await gql(app, 'mutation { deleteTable(name: "users") }');
    expect(codesOf(res)).toEqual(['FORBIDDEN']);
    expect(await gqlData(app, 'query { table(name: "users") { name } }')).toEqual({ table: { name: 'users' } });
  });
});

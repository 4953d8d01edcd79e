import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp, type GraphQLResponse } from '../helpers/app';

/**
 * The generic tables API reads the API's own tables (users, user-emails, orders) but never writes
 * their items: a raw write would bypass the rules createUser/createOrder keep (one user per email).
 */
let app: App;
beforeAll(async () => {
  app = await startTestApp();
  await gqlData(app, 'mutation { createUser(input: { userId: "alice", email: "alice@example.com", name: "Alice" }) { userId } }');
  await gqlData(app, 'mutation { createOrder(input: { userId: "alice", orderDate: "2024-01-05", amount: 10 }) { orderDate } }');
});
afterAll(() => app.close());

const USERS_OPS = 'use createUser, createUsers, updateUser or deleteUser';
const forbidden = (res: GraphQLResponse, table: string, operations: string) => {
  expect(codesOf(res)).toEqual(['FORBIDDEN']);
  expect(res.errors?.[0]?.message).toBe(`Table ${table} is used by this API and its items can't be written through the tables API; ${operations}`);
};

describe("item writes to the API's own tables", () => {
  it('deleteItem on user-emails is FORBIDDEN, so a second user still cannot take the email', async () => {
    const res = await gql(app, 'mutation { deleteItem(table: "user-emails", key: { email: "alice@example.com" }) }');
    forbidden(res, 'user-emails', 'use createUser, updateUser or deleteUser (they keep its email claims)');
    const dup = await gql(app, 'mutation { createUser(input: { userId: "alice2", email: "alice@example.com", name: "Alice Dup" }) { userId } }');
    expect(codesOf(dup)).toEqual(['CONFLICT']);
  });

  it('putItem on users is FORBIDDEN and the users list keeps working', async () => {
    const res = await gql(app, 'mutation { putItem(table: "users", item: { user_id: "evil", email: "bob@example.com", name: 123, version: "x" }) }');
    forbidden(res, 'users', USERS_OPS);
    expect(await gqlData(app, 'query { users { items { userId version } } }')).toEqual({ users: { items: [{ userId: 'alice', version: 1 }] } });
  });

  it('deleteItem on users and orders, and putItems on orders (the whole call, up front), are FORBIDDEN', async () => {
    forbidden(await gql(app, 'mutation { deleteItem(table: "users", key: { user_id: "alice" }) }'), 'users', USERS_OPS);
    forbidden(await gql(app, 'mutation { deleteItem(table: "orders", key: { user_id: "alice", order_date: "2024-01-05" }) }'), 'orders', 'use createOrder or deleteOrder');
    const many = await gql(app, 'mutation { putItems(table: "orders", items: [{ user_id: "alice", order_date: "2024-02-01", amount: "free" }]) { written } }');
    forbidden(many, 'orders', 'use createOrder or deleteOrder');
    expect(await gqlData(app, 'query { orders(userId: "alice") { items { orderDate amount } } }')).toEqual({ orders: { items: [{ orderDate: '2024-01-05', amount: 10 }] } });
  });

  it('reads stay allowed: item, queryItems, scanItems, table', async () => {
    expect(await gqlData(app, 'query { item(table: "user-emails", key: { email: "alice@example.com" }) }')).toEqual({ item: { email: 'alice@example.com', user_id: 'alice' } });
    const q = await gqlData(app, 'query { queryItems(table: "orders", partitionKey: "alice") { items } }');
    expect(q.queryItems.items.map((i: { order_date: string }) => i.order_date)).toEqual(['2024-01-05']);
    const s = await gqlData(app, 'query { scanItems(table: "users") { items } }');
    expect(s.scanItems.items.map((i: { user_id: string }) => i.user_id)).toEqual(['alice']);
    expect(await gqlData(app, 'query { table(name: "users") { name } }')).toEqual({ table: { name: 'users' } });
  });

  it('createTable with an own table name is CONFLICT (it exists), deleteTable FORBIDDEN', async () => {
    const created = await gql(app, 'mutation { createTable(input: { name: "user-emails", partitionKey: "email" }) { name } }');
    expect(codesOf(created)).toEqual(['CONFLICT']);
    expect(created.errors?.[0]?.message).toBe('Table user-emails already exists');
    expect(codesOf(await gql(app, 'mutation { deleteTable(name: "orders") }'))).toEqual(['FORBIDDEN']);
  });
});

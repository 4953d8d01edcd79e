import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const CREATE = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { userId orderDate amount status items } }`;
const LIST = `query($userId: ID!, $filter: OrderDateFilter, $limit: Int, $next: String) { orders(userId: $userId, filter: $filter, limit: $limit, nextToken: $next) { items { orderDate } nextToken } }`;
const DATES = ['2024-01-05', '2024-01-20T09:30:00Z', '2024-02-01', '2024-02-14T18:00:00+01:00', '2024-03-01', '2024-03-15'];

const dates = (page: { items: Array<{ orderDate: string }> }) => page.items.map((o) => o.orderDate);

describe('orders over HTTP', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await gqlData(app, `mutation { a: createUser(input: { userId: "ord_a", email: "a@shop.com", name: "A" }) { userId } b: createUser(input: { userId: "ord_b", email: "b@shop.com", name: "B" }) { userId } }`);
    for (const orderDate of [...DATES].reverse()) await gqlData(app, CREATE, { input: { userId: 'ord_a', orderDate, amount: 10.5 } });
  });
  afterAll(() => app.close());

  it('creates an order with the default status and its items', async () => {
    const { createOrder } = await gqlData(app, CREATE, { input: { userId: 'ord_b', orderDate: '2024-05-01', amount: 0, items: [{ sku: 'X1', qty: 2 }] } });
    expect(createOrder).toEqual({ userId: 'ord_b', orderDate: '2024-05-01', amount: 0, status: 'PLACED', items: [{ sku: 'X1', qty: 2 }] });
  });

  it('lists a user’s orders oldest first, in pages', async () => {
    const first = (await gqlData(app, LIST, { userId: 'ord_a', limit: 4 })).orders;
    expect(dates(first)).toEqual(DATES.slice(0, 4));
    const second = (await gqlData(app, LIST, { userId: 'ord_a', limit: 4, next: first.nextToken })).orders;
    expect(dates(second)).toEqual(DATES.slice(4));
    expect(second.nextToken).toBeNull();
  });

  it.each([
    [{ equals: '2024-02-01' }, ['2024-02-01']],
    [{ beginsWith: '2024-01' }, ['2024-01-05', '2024-01-20T09:30:00Z']],
    [{ between: ['2024-01-20', '2024-03-01'] }, ['2024-01-20T09:30:00Z', '2024-02-01', '2024-02-14T18:00:00+01:00', '2024-03-01']],
    [{ before: '2024-02-01' }, ['2024-01-05', '2024-01-20T09:30:00Z']],
    [{ after: '2024-03-01' }, ['2024-03-15']],
  ])('narrows by %j', async (filter, expected) => {
    expect(dates((await gqlData(app, LIST, { userId: 'ord_a', filter })).orders)).toEqual(expected);
  });

  it.each([
    [{ equals: '2024-01-05', after: '2024-01-01' }, ['filter.equals', 'filter.after']],
    [{}, ['filter']],
    [{ between: ['2024-01-01'] }, ['filter.between']],
    [{ between: ['2024-03-01', '2024-01-01'] }, ['filter.between']],
  ])('refuses the filter %j as BAD_USER_INPUT', async (filter, fields) => {
    const res = await gql(app, LIST, { userId: 'ord_a', filter });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual(fields);
  });

  it('serves User.orders with the same filter and paging', async () => {
    const { user } = await gqlData(app, `query { user(userId: "ord_a") { orders(filter: { beginsWith: "2024-03" }, limit: 1) { items { orderDate amount } nextToken } } }`);
    expect(user.orders.items).toEqual([{ orderDate: '2024-03-01', amount: 10.5 }]);
    expect(typeof user.orders.nextToken).toBe('string');
  });

  it('loads Order.user for a whole page with one BatchGetItem and no GetItem', async () => {
    const counts = app.localAws?.requestCounts as Map<string, number>;
    const calls = (action: string) => counts.get(`dynamodb:${action}`) ?? 0;
    const before = { get: calls('GetItem'), batch: calls('BatchGetItem') };
    const { orders } = await gqlData(app, `query { orders(userId: "ord_a") { items { user { name } } } }`);
    expect(orders.items.map((o: { user: { name: string } }) => o.user.name)).toEqual(Array(6).fill('A'));
    expect(calls('GetItem') - before.get).toBe(0);
    expect(calls('BatchGetItem') - before.batch).toBe(1);
  });

  it('answers NOT_FOUND for an order of a missing user and CONFLICT for a second order at the same date', async () => {
    expect(codesOf(await gql(app, CREATE, { input: { userId: 'nobody', orderDate: '2024-01-01', amount: 1 } }))).toEqual(['NOT_FOUND']);
    expect(codesOf(await gql(app, CREATE, { input: { userId: 'ord_a', orderDate: '2024-01-05', amount: 1 } }))).toEqual(['CONFLICT']);
    expect(dates((await gqlData(app, LIST, { userId: 'nobody' })).orders)).toEqual([]);
  });

  it.each([
    [{ amount: -0.01 }, 'amount'],
    [{ orderDate: '2024-13-01' }, 'orderDate'],
    [{ orderDate: '2024-02-30' }, 'orderDate'],
    [{ orderDate: 'yesterday' }, 'orderDate'],
    [{ status: '' }, 'status'],
  ])('refuses %j as BAD_USER_INPUT', async (change, field) => {
    const res = await gql(app, CREATE, { input: { userId: 'ord_b', orderDate: '2024-06-01', amount: 1, ...change } });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('deletes an order and returns it; NOT_FOUND the second time', async () => {
    const { deleteOrder } = await gqlData(app, `mutation { deleteOrder(userId: "ord_b", orderDate: "2024-05-01") { orderDate status } }`);
    expect(deleteOrder).toEqual({ orderDate: '2024-05-01', status: 'PLACED' });
    expect(codesOf(await gql(app, `mutation { deleteOrder(userId: "ord_b", orderDate: "2024-05-01") { orderDate } }`))).toEqual(['NOT_FOUND']);
  });

  it('refuses a limit outside 1-1000 and a forged token', async () => {
    expect(codesOf(await gql(app, LIST, { userId: 'ord_a', limit: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await gql(app, LIST, { userId: 'ord_a', next: 'abc.def' }))).toEqual(['BAD_USER_INPUT']);
  });
});

import type { App } from '../../src/app';
import { gqlData, startTestApp } from '../helpers/app';

/** USER_BATCH_READS=false is the benchmark's "DataLoader off" side: same answers, one GetItem per user. */
describe('USER_BATCH_READS=false', () => {
  let app: App;

  beforeAll(async () => {
    app = await startTestApp({ USER_BATCH_READS: 'false' });
    const input = ['ubr_a', 'ubr_b', 'ubr_c'].map((userId) => ({ userId, email: `${userId}@example.com`, name: userId.toUpperCase() }));
    await gqlData(app, 'mutation($input: [CreateUserInput!]!) { createUsers(input: $input) { written } }', { input });
    for (const orderDate of ['2024-01-01', '2024-01-02']) {
      await gqlData(app, 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { orderDate } }', { input: { userId: 'ubr_a', orderDate, amount: 1 } });
    }
  });

  afterAll(() => app.close());

  const calls = (action: string) => app.localAws?.requestCounts.get(`dynamodb:${action}`) ?? 0;

  it('answers usersById with one GetItem per id and no BatchGetItem', async () => {
    const before = { get: calls('GetItem'), batch: calls('BatchGetItem') };
    const { usersById } = await gqlData(app, 'query { usersById(userIds: ["ubr_c", "nobody", "ubr_a"]) { userId name } }');
    expect(usersById).toEqual([{ userId: 'ubr_c', name: 'UBR_C' }, null, { userId: 'ubr_a', name: 'UBR_A' }]);
    expect({ get: calls('GetItem') - before.get, batch: calls('BatchGetItem') - before.batch }).toEqual({ get: 3, batch: 0 });
  });

  it('loads Order.user with a GetItem per order, repeated ids included', async () => {
    const before = { get: calls('GetItem'), batch: calls('BatchGetItem') };
    const { orders } = await gqlData(app, 'query { orders(userId: "ubr_a") { items { user { name } } } }');
    expect(orders.items.map((o: { user: { name: string } }) => o.user.name)).toEqual(['UBR_A', 'UBR_A']);
    expect({ get: calls('GetItem') - before.get, batch: calls('BatchGetItem') - before.batch }).toEqual({ get: 2, batch: 0 });
  });
});

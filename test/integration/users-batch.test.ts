import type { App } from '../../src/app';
import { gqlData, startTestApp } from '../helpers/app';

const CREATE_MANY = `mutation($input: [CreateUserInput!]!) { createUsers(input: $input) { written failed { index id code message } } }`;

function counts(app: App): Map<string, number> {
  return app.localAws?.requestCounts as Map<string, number>;
}
function callsDuring(app: App, action: string): () => number {
  const before = counts(app).get(`dynamodb:${action}`) ?? 0;
  return () => (counts(app).get(`dynamodb:${action}`) ?? 0) - before;
}

describe('createUsers and usersById over HTTP', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('writes the valid entries and reports each failure by index', async () => {
    await gqlData(app, `mutation { createUser(input: { userId: "taken_id", email: "first@example.com", name: "First" }) { userId } }`);
    const { createUsers } = await gqlData(app, CREATE_MANY, {
      input: [
        { userId: 'b_ok_1', email: 'ok1@example.com', name: 'Ok 1' },
        { userId: 'x', email: 'short@example.com', name: 'Short id' },
        { userId: 'taken_id', email: 'second@example.com', name: 'Second' },
        { userId: 'b_ok_2', email: 'FIRST@example.com', name: 'Taken email' },
        { userId: 'b_ok_3', email: 'ok3@example.com', name: 'Ok 3', age: 151 },
        { userId: 'b_ok_4', email: 'ok1@example.com', name: 'Email repeated in the batch' },
        { userId: 'b_ok_5', email: 'ok5@example.com', name: 'Ok 5', age: 5 },
      ],
    });
    expect(createUsers.written).toBe(2);
    expect(createUsers.failed.map((f: { index: number; id: string | null; code: string }) => [f.index, f.id, f.code])).toEqual([
      [1, 'x', 'BAD_USER_INPUT'],
      [2, 'taken_id', 'CONFLICT'],
      [3, 'b_ok_2', 'CONFLICT'],
      [4, 'b_ok_3', 'BAD_USER_INPUT'],
      [5, 'b_ok_4', 'CONFLICT'],
    ]);
    expect(createUsers.failed[0].message).toBe('userId must be 3-64 characters of A-Z a-z 0-9 _ . -');
    const { usersById } = await gqlData(app, `query { usersById(userIds: ["b_ok_1", "b_ok_2", "b_ok_5", "taken_id"]) { userId email age } }`);
    expect(usersById).toEqual([
      { userId: 'b_ok_1', email: 'ok1@example.com', age: null },
      null,
      { userId: 'b_ok_5', email: 'ok5@example.com', age: 5 },
      { userId: 'taken_id', email: 'first@example.com', age: null },
    ]);
  });

  it('writes 1000 users in 40 transactions of 25 users and reads 250 of them back in 3 BatchGetItem calls', async () => {
    const input = Array.from({ length: 1000 }, (_, i) => ({ userId: `bulk_${i}`, email: `bulk${i}@example.com`, name: `Bulk ${i}` }));
    const transactions = callsDuring(app, 'TransactWriteItems');
    const batchWrites = callsDuring(app, 'BatchWriteItem');
    const { createUsers } = await gqlData(app, CREATE_MANY, { input });
    expect(createUsers).toEqual({ written: 1000, failed: [] });
    expect(transactions()).toBe(40);
    expect(batchWrites()).toBe(0);

    const ids = Array.from({ length: 250 }, (_, i) => `bulk_${999 - i}`);
    const batchGets = callsDuring(app, 'BatchGetItem');
    const { usersById } = await gqlData(app, `query($ids: [ID!]!) { usersById(userIds: $ids) { userId } }`, { ids });
    expect(usersById.map((u: { userId: string }) => u.userId)).toEqual(ids);
    expect(batchGets()).toBe(3);
  });

  it('reads 100 ids in one BatchGetItem', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `bulk_${i}`);
    const batchGets = callsDuring(app, 'BatchGetItem');
    const { usersById } = await gqlData(app, `query($ids: [ID!]!) { usersById(userIds: $ids) { userId } }`, { ids });
    expect(usersById).toHaveLength(100);
    expect(batchGets()).toBe(1);
  });

  it('reports the second run of the same batch as 1000 conflicts and writes nothing', async () => {
    const input = Array.from({ length: 1000 }, (_, i) => ({ userId: `bulk_${i}`, email: `other${i}@example.com`, name: 'Again' }));
    const { createUsers } = await gqlData(app, CREATE_MANY, { input });
    expect(createUsers.written).toBe(0);
    expect(createUsers.failed).toHaveLength(1000);
    expect(new Set(createUsers.failed.map((f: { code: string }) => f.code))).toEqual(new Set(['CONFLICT']));
    const { user } = await gqlData(app, `query { user(userId: "bulk_7") { name email } }`);
    expect(user).toEqual({ name: 'Bulk 7', email: 'bulk7@example.com' });
  });
});

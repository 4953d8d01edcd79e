import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gqlData, startTestApp } from '../helpers/app';

const SNAPSHOT = `query { users(limit: 100) { items { userId email } } orders(userId: "user_001") { items { orderDate amount status } } u3: user(userId: "user_003") { name age orders { items { orderDate } } } }`;

describe('sample data', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aws-graphql-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is loaded at start in LOCAL mode and a restart on the same data dir neither fails nor duplicates it', async () => {
    const first = await startTestApp({ SEED: 'true', DATA_DIR: dir });
    const before = await gqlData(first, SNAPSHOT);
    await first.close();
    expect(before.users.items.map((u: { userId: string }) => u.userId).sort()).toEqual(['user_001', 'user_002', 'user_003', 'user_004', 'user_005']);
    expect(before.orders.items).toEqual([
      { orderDate: '2024-01-05', amount: 25.5, status: 'DELIVERED' },
      { orderDate: '2024-01-20T09:30:00Z', amount: 12, status: 'DELIVERED' },
      { orderDate: '2024-02-14', amount: 89.99, status: 'SHIPPED' },
      { orderDate: '2024-03-01', amount: 5, status: 'PLACED' },
    ]);
    expect(before.u3).toEqual({ name: 'Charlie Brown', age: null, orders: { items: [] } });

    const second = await startTestApp({ SEED: 'true', DATA_DIR: dir });
    try {
      expect(await gqlData(second, SNAPSHOT)).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it('is not loaded with SEED=false', async () => {
    const app = await startTestApp({ SEED: 'false' });
    try {
      expect((await gqlData(app, `query { users { items { userId } } }`)).users.items).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

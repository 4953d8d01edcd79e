import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { gqlData, startTestApp } from '../helpers/app';

/** Starts the API like startTestApp, keeping what it logs at info level. */
async function startLogged(env: Record<string, string>) {
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOCAL_AWS_PORT: '0', LOG_LEVEL: 'silent', MODE: 'LOCAL', ...env });
  return { app: await startApp(config, logger), logs };
}

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

  it('is loaded only into tables created just now: sample users and orders deleted before a restart on the data dir stay deleted', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'aws-graphql-seed-'));
    try {
      const first = await startLogged({ SEED: 'true', DATA_DIR: own });
      try {
        expect(first.logs.find((l) => l.msg === 'loaded sample data')).toMatchObject({ users: 5, orders: 8 });
        await gqlData(first.app, 'mutation { deleteUser(userId: "user_003") { userId } deleteOrder(userId: "user_001", orderDate: "2024-01-05") { orderDate } }');
      } finally {
        await first.app.close();
      }
      const second = await startLogged({ SEED: 'true', DATA_DIR: own });
      try {
        expect(second.logs.map((l) => l.msg)).not.toContain('loaded sample data');
        expect(second.logs.find((l) => l.msg === 'sample data not loaded: the users table existed already')).toMatchObject({ dataDir: own });
        const after = await gqlData(second.app, SNAPSHOT);
        expect(after.users.items.map((u: { userId: string }) => u.userId).sort()).toEqual(['user_001', 'user_002', 'user_004', 'user_005']);
        expect(after.orders.items.map((o: { orderDate: string }) => o.orderDate)).toEqual(['2024-01-20T09:30:00Z', '2024-02-14', '2024-03-01']);
        expect(after.u3).toBeNull();
      } finally {
        await second.app.close();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
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

import { loadConfig } from '../../src/config';
import { OrdersDataSource } from '../../src/datasources/orders.datasource';
import { UsersDataSource } from '../../src/datasources/users.datasource';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';
import { setupResources } from '../../src/setup';
import { backendNames, startBackend, type Backend } from '../helpers/backends';
import { RecordingPublisher } from '../helpers/events';

const config = loadConfig({ MODE: 'LOCAL' });

describe.each(backendNames())('UsersDataSource and OrdersDataSource on %s', (name) => {
  let backend: Backend;
  let users: UsersDataSource;
  let orders: OrdersDataSource;
  const events = new RecordingPublisher();

  beforeAll(async () => {
    backend = await startBackend(name);
    await setupResources(backend.clients, config);
    const options = { doc: backend.clients.doc, tables: config.tables, cursors: new CursorCodec('conformance') };
    users = new UsersDataSource({ ...options, events });
    orders = new OrdersDataSource(options);
    await users.create({ userId: 'c_ann', email: 'ann@example.com', name: 'Ann', age: 30 });
    await users.create({ userId: 'c_bob', email: 'bob@acme.io', name: 'Bob', age: 40 });
  });
  afterAll(() => backend.stop());

  it('creates and reads users by id, by email and in batches', async () => {
    expect(await users.get('c_ann')).toMatchObject({ userId: 'c_ann', email: 'ann@example.com', age: 30, version: 1 });
    expect((await users.findByEmail('BOB@acme.io'))?.userId).toBe('c_bob');
    expect(await users.findByEmail('none@acme.io')).toBeNull();
    expect((await users.getMany(['c_bob', 'missing', 'c_ann'])).map((u) => u?.userId ?? null)).toEqual(['c_bob', null, 'c_ann']);
  });

  it('refuses an existing id and a taken email, leaving the stored user as it was', async () => {
    await expect(users.create({ userId: 'c_ann', email: 'new@example.com', name: 'X' })).rejects.toBeInstanceOf(ConflictError);
    await expect(users.create({ userId: 'c_new', email: 'ann@example.com', name: 'X' })).rejects.toBeInstanceOf(ConflictError);
    expect(await users.get('c_new')).toBeNull();
    expect((await users.get('c_ann'))?.name).toBe('Ann');
  });

  it('updates only the given fields, moves the email claim and checks versions', async () => {
    await users.create({ userId: 'c_upd', email: 'upd@example.com', name: 'Upd', age: 9 });
    const updated = await users.update('c_upd', { age: null, email: 'moved@example.com' });
    expect(updated).toMatchObject({ email: 'moved@example.com', name: 'Upd', age: null, version: 2 });
    await users.create({ userId: 'c_reuse', email: 'upd@example.com', name: 'Reuse' });
    await expect(users.update('c_upd', { email: 'bob@acme.io' })).rejects.toBeInstanceOf(ConflictError);
    await expect(users.update('c_upd', { name: 'Late', expectedVersion: 1 })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(users.update('c_ghost', { name: 'Ghost' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await users.get('c_ghost')).toBeNull();
  });

  it('deletes a user and frees its email', async () => {
    await users.create({ userId: 'c_del', email: 'del@example.com', name: 'Del' });
    expect((await users.remove('c_del')).email).toBe('del@example.com');
    await expect(users.remove('c_del')).rejects.toBeInstanceOf(NotFoundError);
    await users.create({ userId: 'c_del2', email: 'del@example.com', name: 'Del 2' });
  });

  it('creates many users, reporting conflicts by index', async () => {
    const outcome = await users.createMany([
      { userId: 'c_m1', email: 'm1@example.com', name: 'M1' },
      { userId: 'c_ann', email: 'm2@example.com', name: 'M2' },
      { userId: 'c_m3', email: 'bob@acme.io', name: 'M3' },
      { userId: 'c_m4', email: 'm4@example.com', name: 'M4' },
    ]);
    expect(outcome.written).toBe(2);
    expect(outcome.failed.map((f) => [f.index, f.code])).toEqual([
      [1, 'CONFLICT'],
      [2, 'CONFLICT'],
    ]);
  });

  it('pages through a filtered scan', async () => {
    const first = await users.page({ emailDomain: 'example.com' }, 2);
    expect(first.items).toHaveLength(2);
    const rest = await users.page({ emailDomain: 'example.com' }, 100, first.nextToken);
    const all = [...first.items, ...rest.items].map((u) => u.userId).sort();
    expect(all).toEqual(['c_ann', 'c_del2', 'c_m1', 'c_m4', 'c_reuse', 'c_upd']);
    expect(rest.nextToken).toBeNull();
  });

  it('creates, lists by sort key and deletes orders', async () => {
    for (const orderDate of ['2024-03-01', '2024-01-01', '2024-02-01']) await orders.create({ userId: 'c_ann', orderDate, amount: 5 });
    await expect(orders.create({ userId: 'c_nobody', orderDate: '2024-01-01', amount: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(orders.create({ userId: 'c_ann', orderDate: '2024-01-01', amount: 1 })).rejects.toBeInstanceOf(ConflictError);
    const page = await orders.page('c_ann', undefined, 2);
    expect(page.items.map((o) => o.orderDate)).toEqual(['2024-01-01', '2024-02-01']);
    const next = await orders.page('c_ann', undefined, 2, page.nextToken);
    expect(next.items.map((o) => o.orderDate)).toEqual(['2024-03-01']);
    expect((await orders.page('c_ann', { between: ['2024-01-15', '2024-03-01'] }, 10)).items.map((o) => o.orderDate)).toEqual(['2024-02-01', '2024-03-01']);
    expect((await orders.remove('c_ann', '2024-02-01')).status).toBe('PLACED');
    await expect(orders.remove('c_ann', '2024-02-01')).rejects.toBeInstanceOf(NotFoundError);
  });
  it('announces each successful write as a domain event, and nothing for refused ones', async () => {
    events.events.length = 0;
    await users.create({ userId: 'c_eve', email: 'eve@example.com', name: 'Eve' });
    await expect(users.create({ userId: 'c_eve', email: 'eve2@example.com', name: 'Eve' })).rejects.toBeInstanceOf(ConflictError);
    await users.update('c_eve', { name: 'Eve A.', age: 33 });
    await expect(users.update('c_eve', { name: 'x', expectedVersion: 1 })).rejects.toBeInstanceOf(PreconditionFailedError);
    await users.createMany([{ userId: 'c_fay', email: 'fay@example.com', name: 'Fay' }, { userId: 'c_eve', email: 'eve3@example.com', name: 'Dup' }]);
    await users.remove('c_eve');
    const user = (userId: string, email: string, name: string, age: number | null, version: number) => ({ userId, email, name, age, version });
    expect(events.events).toEqual([
      { type: 'user.created', data: { user: user('c_eve', 'eve@example.com', 'Eve', null, 1) } },
      { type: 'user.updated', data: { user: user('c_eve', 'eve@example.com', 'Eve A.', 33, 2), changed: ['name', 'age'] } },
      { type: 'user.created', data: { user: user('c_fay', 'fay@example.com', 'Fay', null, 1) } },
      { type: 'user.deleted', data: { user: user('c_eve', 'eve@example.com', 'Eve A.', 33, 2) } },
    ]);
  });
});

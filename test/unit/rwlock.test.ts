import { ReadWriteLock } from '../../src/local/dynamodb/lock';

describe('ReadWriteLock', () => {
  it('lets readers share and makes the writer wait for all of them', async () => {
    const lock = new ReadWriteLock();
    const order: string[] = [];
    const r1 = await lock.shared();
    const r2 = await lock.shared();
    const w = lock.exclusive().then((release) => (order.push('writer'), release));
    await Promise.resolve();
    r1();
    order.push('r1 released');
    await Promise.resolve();
    r2();
    order.push('r2 released');
    (await w)();
    expect(order).toEqual(['r1 released', 'r2 released', 'writer']);
  });

  it('queues new readers behind a waiting writer', async () => {
    const lock = new ReadWriteLock();
    const order: string[] = [];
    const r1 = await lock.shared();
    const w = lock.exclusive().then((release) => {
      order.push('writer');
      release();
    });
    const r2 = lock.shared().then((release) => {
      order.push('late reader');
      release();
    });
    r1();
    await Promise.all([w, r2]);
    expect(order).toEqual(['writer', 'late reader']);
  });

  it('ignores a second release', async () => {
    const lock = new ReadWriteLock();
    const release = await lock.exclusive();
    release();
    release();
    const again = await lock.exclusive();
    const reader = lock.shared();
    let granted = false;
    void reader.then(() => (granted = true));
    await new Promise((r) => setImmediate(r));
    expect(granted).toBe(false);
    again();
    await reader;
    expect(granted).toBe(true);
  });
});

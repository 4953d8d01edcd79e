import { InFlight } from '../../src/lib/in-flight';

describe('InFlight', () => {
  it('keeps work until it settles, fulfilled or rejected', async () => {
    const inFlight = new InFlight();
    let finish!: () => void;
    let fail!: (err: Error) => void;
    const ok = inFlight.track(new Promise<void>((resolve) => (finish = resolve)));
    const bad = inFlight.track(new Promise<void>((_resolve, reject) => (fail = reject)));
    expect(inFlight.size).toBe(2);
    finish();
    fail(new Error('no'));
    await ok;
    await expect(bad).rejects.toThrow('no');
    await new Promise((r) => setImmediate(r));
    expect(inFlight.size).toBe(0);
  });

  it('tells whether everything settled before the time was up', async () => {
    const inFlight = new InFlight();
    expect(await inFlight.settled(10)).toBe(true);
    let finish!: () => void;
    void inFlight.track(new Promise<void>((resolve) => (finish = resolve)));
    expect(await inFlight.settled(20)).toBe(false);
    const waiting = inFlight.settled(10_000);
    finish();
    expect(await waiting).toBe(true);
  });
});

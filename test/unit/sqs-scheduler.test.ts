import { Scheduler, type Timed } from '../../src/local/sqs/scheduler';

describe('local SQS scheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const entry = (log: string[], name: string): Timed => ({ heapIndex: -1, fire: () => log.push(name) });

  it('fires entries in deadline order with one timer, and not cancelled ones', () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => entry(log, n)) as [Timed, Timed, Timed, Timed];
    scheduler.schedule(c, 300);
    scheduler.schedule(a, 100);
    scheduler.schedule(d, 400);
    scheduler.schedule(b, 200);
    scheduler.cancel(d);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(250);
    expect(log).toEqual(['a', 'b']);
    scheduler.schedule(a, 260);
    jest.advanceTimersByTime(1000);
    expect(log).toEqual(['a', 'b', 'a', 'c']);
    expect(scheduler.size).toBe(0);
    scheduler.close();
  });

  it('moves an entry when it is scheduled again', () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const a = entry(log, 'a');
    scheduler.schedule(a, 100);
    scheduler.schedule(a, 500);
    expect(scheduler.size).toBe(1);
    jest.advanceTimersByTime(499);
    expect(log).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(log).toEqual(['a']);
    scheduler.close();
  });

  it('keeps heap order through many random insertions and removals', () => {
    const scheduler = new Scheduler();
    const fired: number[] = [];
    const entries = Array.from({ length: 500 }, (_, i) => ({ heapIndex: -1, fire: () => fired.push(i) }) as Timed);
    const due = entries.map((_, i) => ((i * 7919) % 1000) + 1);
    entries.forEach((e, i) => scheduler.schedule(e, due[i] as number));
    for (let i = 0; i < 500; i += 3) scheduler.cancel(entries[i] as Timed);
    jest.advanceTimersByTime(2000);
    const expected = entries.map((_, i) => i).filter((i) => i % 3 !== 0).sort((x, y) => (due[x] as number) - (due[y] as number) || 0);
    expect(fired.map((i) => due[i])).toEqual(expected.map((i) => due[i]));
    scheduler.close();
  });

  it('fires nothing after close', () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    scheduler.schedule(entry(log, 'a'), 10);
    scheduler.close();
    jest.advanceTimersByTime(100);
    expect(log).toEqual([]);
  });
});

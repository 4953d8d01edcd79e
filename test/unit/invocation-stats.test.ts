import { InvocationStatsStore, percentile } from '../../src/datasources/invocation-stats';

describe('percentile (nearest rank)', () => {
  it('picks the value at rank ceil(p/100 * n)', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
  });

  it('is null without values', () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe('InvocationStatsStore', () => {
  it('starts every function at zero with null percentiles', () => {
    expect(new InvocationStatsStore().get('greeting')).toEqual({ invocations: 0, errors: 0, throttles: 0, retries: 0, successRate: 0, p50DurationMs: null, p95DurationMs: null });
  });

  it('counts outcomes, throttles and retries per function', () => {
    const store = new InvocationStatsStore();
    store.record({ functionName: 'a', outcome: 'success', throttles: 1, retries: 1, durationMs: 10 });
    store.record({ functionName: 'a', outcome: 'success', throttles: 0, retries: 0, durationMs: 30 });
    store.record({ functionName: 'a', outcome: 'functionError', throttles: 0, retries: 0, durationMs: 20 });
    store.record({ functionName: 'a', outcome: 'failed', throttles: 3, retries: 2 });
    store.record({ functionName: 'b', outcome: 'success', throttles: 0, retries: 0, durationMs: 5 });
    expect(store.get('a')).toEqual({ invocations: 4, errors: 2, throttles: 4, retries: 3, successRate: 50, p50DurationMs: 20, p95DurationMs: 30 });
    expect(store.get('b')).toMatchObject({ invocations: 1, successRate: 100, p50DurationMs: 5 });
  });

  it('computes percentiles over the last `window` durations only', () => {
    const store = new InvocationStatsStore(4);
    for (const ms of [1000, 1000, 1000, 1000, 1, 2, 3, 4]) store.record({ functionName: 'f', outcome: 'success', throttles: 0, retries: 0, durationMs: ms });
    expect(store.get('f')).toMatchObject({ invocations: 8, p50DurationMs: 2, p95DurationMs: 4 });
    store.record({ functionName: 'f', outcome: 'success', throttles: 0, retries: 0, durationMs: 500 });
    expect(store.get('f')).toMatchObject({ p50DurationMs: 3, p95DurationMs: 500 });
  });
});

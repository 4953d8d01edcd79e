import { backoffDelay, retry } from '../../src/lib/retry';

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to the cap, with full jitter', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 500, random: top }))).toEqual([99, 199, 399, 499]);
    expect(backoffDelay(3, { random: () => 0 })).toBe(0);
  });
});

describe('retry', () => {
  const noWait = async () => undefined;

  it('retries retryable errors and reports the attempts', async () => {
    let calls = 0;
    const seen: number[] = [];
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('busy');
        return 'ok';
      },
      { retries: 2, isRetryable: () => true, onRetry: (_e, n) => seen.push(n), wait: noWait },
    );
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(seen).toEqual([1, 2]);
  });

  it('throws at once for errors that are not retryable, and after the last retry', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error(`fail ${calls}`);
    };
    await expect(retry(failing, { isRetryable: () => false, wait: noWait })).rejects.toThrow('fail 1');
    calls = 0;
    await expect(retry(failing, { retries: 2, isRetryable: () => true, wait: noWait })).rejects.toThrow('fail 3');
  });
});

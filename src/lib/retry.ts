/** Settings of an exponential backoff with full jitter (AWS's recommended retry schedule). */
export interface BackoffOptions {
  /** Delay cap of the first retry in ms (default 50). */
  baseMs?: number;
  /** Largest delay in ms (default 5000). */
  maxMs?: number;
  /** Random source in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Delay before retry number `attempt` (1-based): uniform in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, { baseMs = 50, maxMs = 5000, random = Math.random }: BackoffOptions = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** Whether an error is worth another attempt; others are thrown at once. */
  isRetryable: (err: unknown) => boolean;
  /** Called before each retry, e.g. to count it. */
  onRetry?: (err: unknown, attempt: number) => void;
  wait?: (ms: number) => Promise<void>;
}

/** Runs `fn`, retrying retryable failures with full-jitter backoff. Resolves with the value and the attempts made. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<{ value: T; attempts: number }> {
  const { retries = 2, isRetryable, onRetry, wait = sleep } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (err) {
      if (attempt > retries || !isRetryable(err)) throw err;
      onRetry?.(err, attempt);
      await wait(backoffDelay(attempt, options));
    }
  }
}

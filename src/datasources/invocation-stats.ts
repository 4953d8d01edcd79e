import type { InvocationStats } from '../types/function.type';

/** How one invokeFunction call ended, as the statistics count it. */
export interface InvocationRecord {
  /** The function's name (not its ARN), the key of its statistics. */
  functionName: string;
  outcome: 'success' | 'functionError' | 'failed';
  /** Attempts Lambda answered with 429. */
  throttles: number;
  /** Attempts after the first. */
  retries: number;
  /** Duration of the attempt that ran the function; undefined when none did. */
  durationMs?: number;
}

/** Durations kept per function for the percentiles. */
export const DURATION_WINDOW = 1000;

/** The nearest-rank percentile `p` (0-100] of `values`, or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

class FunctionCounters {
  invocations = 0;
  successes = 0;
  throttles = 0;
  retries = 0;
  /** A ring buffer of the last `window` durations. */
  private readonly durations: number[] = [];
  private next = 0;

  constructor(private readonly window: number) {}

  addDuration(ms: number): void {
    if (this.durations.length < this.window) this.durations.push(ms);
    else this.durations[this.next] = ms;
    this.next = (this.next + 1) % this.window;
  }

  snapshot(): InvocationStats {
    const { invocations, successes } = this;
    return {
      invocations,
      errors: invocations - successes,
      throttles: this.throttles,
      retries: this.retries,
      successRate: invocations === 0 ? 0 : (successes * 100) / invocations,
      p50DurationMs: percentile(this.durations, 50),
      p95DurationMs: percentile(this.durations, 95),
    };
  }
}

/**
 * Per-function invocation statistics of this server process, like the notebook's
 * LambdaInvoker.get_stats but shared by every request: built once at start (AppDeps).
 * Memory stays bounded: only functions that exist are recorded, each with a fixed window.
 */
export class InvocationStatsStore {
  private readonly byFunction = new Map<string, FunctionCounters>();

  constructor(private readonly window = DURATION_WINDOW) {}

  record(entry: InvocationRecord): void {
    let counters = this.byFunction.get(entry.functionName);
    if (!counters) {
      counters = new FunctionCounters(this.window);
      this.byFunction.set(entry.functionName, counters);
    }
    counters.invocations++;
    if (entry.outcome === 'success') counters.successes++;
    counters.throttles += entry.throttles;
    counters.retries += entry.retries;
    if (entry.durationMs !== undefined) counters.addDuration(entry.durationMs);
  }

  /** The statistics of one function: zeroes and null percentiles before its first invocation. */
  get(functionName: string): InvocationStats {
    return (this.byFunction.get(functionName) ?? new FunctionCounters(0)).snapshot();
  }
}

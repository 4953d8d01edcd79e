/** The p-th percentile (0-100) of a sample, by nearest rank; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Rounds to `digits` decimals for display and JSON. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Measures A and B alternately (after one warm-up of each) and returns the median of each, so
 * that drift on a shared machine (thermal, other processes) hits both sides alike.
 */
export async function alternate(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number; b: number; as: number[]; bs: number[] }> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return { a: median(as), b: median(bs), as, bs };
}

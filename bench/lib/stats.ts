/** The p-th percentile (0-100) of a sample, by nearest rank; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for an empty sample. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Rounds to `digits` decimals for display and JSON. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** One side of a comparison: resolves with its figure; `warmUp` is true for the unmeasured first call (a side may make it smaller). */
export type Side = (warmUp: boolean) => Promise<number>;

/**
 * Measures the sides in turn, A, B, (C,) A, B, ... after one warm-up of each, and returns the
 * median of each, so that drift on a shared machine (thermal, other processes) hits all alike.
 */
export async function alternateAll<K extends string>(rounds: number, sides: Record<K, Side>): Promise<{ median: Record<K, number>; all: Record<K, number[]> }> {
  const names = Object.keys(sides) as K[];
  const all = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (const name of names) await sides[name](true);
  for (let i = 0; i < rounds; i++) {
    for (const name of names) all[name].push(await sides[name](false));
  }
  const medians = Object.fromEntries(names.map((n) => [n, median(all[n])])) as Record<K, number>;
  return { median: medians, all };
}

/** A and B alternately after a warm-up of each (see alternateAll); the medians and the samples. */
export async function alternate(rounds: number, a: Side, b: Side): Promise<{ a: number; b: number; as: number[]; bs: number[] }> {
  const { median: m, all } = await alternateAll(rounds, { a, b });
  return { a: m.a, b: m.b, as: all.a, bs: all.b };
}

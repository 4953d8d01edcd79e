import type { Stack } from '../lib/stack';

/** What every scenario is given by the runner. */
export interface BenchContext {
  /** --quick: each scenario briefly, to prove it still runs. */
  quick: boolean;
  /** Scale a count or duration down in quick mode. */
  size(full: number, quick: number): number;
  log(message: string): void;
  /** The local AWS and API that the scenarios share (started on first use); S12 reads its memory after the suite. */
  stack(): Promise<Stack>;
  /** Node options for a process a scenario starts itself: --cpu-prof into the results when the run profiles (`name` names the file). */
  nodeArgs(name: string): string[];
}

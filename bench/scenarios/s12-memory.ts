import type { ScenarioResult } from '../lib/report';
import { round } from '../lib/stats';
import type { BenchContext } from './context';

/** S12: the resident memory of the API process that served the whole suite, after it (and of its local AWS). */
export async function s12Memory(ctx: BenchContext): Promise<ScenarioResult> {
  const stack = await ctx.stack();
  // Give the collector a moment after the last scenario's burst, as an idle server would have.
  await new Promise((r) => setTimeout(r, ctx.size(2000, 200)));
  const rss = stack.rss();
  return {
    id: 'S12',
    title: 'Memory after the suite',
    figures: { 'API RSS MB': round(rss.api, 0), 'local AWS RSS MB': round(rss.local, 0) },
    goals: [{ figure: 'API RSS MB', op: '<=', target: 200 }],
    notes: ['the API process is the one every scenario before it shared; the local AWS holds all their data in memory.'],
  };
}

import { load } from '../lib/http';
import type { ScenarioResult } from '../lib/report';
import { round } from '../lib/stats';
import type { BenchContext } from './context';

/** S5: framework cost per request, a query that does no I/O. */
export async function s5NoIo(ctx: BenchContext): Promise<ScenarioResult> {
  const { api } = await ctx.stack();
  const body = JSON.stringify({ query: '{ __typename }' });
  await load(api.url, body, { seconds: ctx.size(1, 0.3), connections: 10 });
  const result = await load(api.url, body, { seconds: ctx.size(8, 1), connections: 10 });
  return {
    id: 'S5',
    title: 'A query with no I/O',
    figures: { 'req/s': round(result.rps, 0), 'p50 ms': result.p50, 'p99 ms': result.p99, errors: result.errors },
    goals: [
      { figure: 'req/s', op: '>=', target: 4000 },
      { figure: 'errors', op: '==', target: 0 },
    ],
  };
}

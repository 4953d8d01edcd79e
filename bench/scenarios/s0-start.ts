import { startApiProc, startLocalAwsProc, spawnMain, rssMb, type Proc } from '../lib/procs';
import { graphql } from '../lib/http';
import { median, round } from '../lib/stats';
import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';

const USER_QUERY = 'query($id: ID!) { user(userId: $id) { userId } }';

/** Polls the `user` query until it succeeds; resolves with the time it first did. */
async function firstUserQuery(url: string, started: number): Promise<number> {
  for (;;) {
    try {
      await graphql(url, USER_QUERY, { id: 'user_001' });
      return performance.now() - started;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

async function measure(start: () => Promise<Proc & { url: string }>): Promise<{ ms: number; rss: number }> {
  const started = performance.now();
  const proc = await start();
  const ms = await firstUserQuery(proc.url, started);
  await new Promise((r) => setTimeout(r, 1000));
  const rss = rssMb(proc.child.pid!);
  await proc.stop();
  return { ms, rss };
}

/** S0: spawn to the first successful `user` query, server alone and with the embedded local AWS; idle RSS. */
export async function s0Start(ctx: BenchContext): Promise<ScenarioResult> {
  const runs = ctx.size(5, 1);
  const local = await startLocalAwsProc();
  const alone: { ms: number; rss: number }[] = [];
  const embedded: { ms: number; rss: number }[] = [];
  try {
    // The setup step runs once up front so that "server alone" times the server, not table creation.
    await startApiProc(local.endpoint).then((p) => p.stop());
    for (let i = 0; i < runs; i++) {
      alone.push(await measure(() => spawnMain(['serve'], { MODE: 'AWS', AWS_ENDPOINT_URL: local.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', HOST: '127.0.0.1', PORT: '0' }, /ready at/).then((p) => ({ ...p, url: String(p.ready.url) }))));
      embedded.push(await measure(() => spawnMain(['serve'], { MODE: 'LOCAL', HOST: '127.0.0.1', PORT: '0', LOCAL_AWS_PORT: '0' }, /ready at/).then((p) => ({ ...p, url: String(p.ready.url) }))));
    }
  } finally {
    await local.stop();
  }
  return {
    id: 'S0',
    title: `Start, ${runs} times`,
    figures: {
      'server alone p50 ms': round(median(alone.map((r) => r.ms)), 0),
      'with local AWS p50 ms': round(median(embedded.map((r) => r.ms)), 0),
      'idle RSS MB (server alone)': round(median(alone.map((r) => r.rss)), 1),
      'idle RSS MB (with local AWS)': round(median(embedded.map((r) => r.rss)), 1),
    },
    goals: [
      { figure: 'server alone p50 ms', op: '<=', target: 600 },
      { figure: 'with local AWS p50 ms', op: '<=', target: 1500 },
      { figure: 'idle RSS MB (server alone)', op: '<=', target: 100 },
    ],
  };
}

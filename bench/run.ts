import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { killAll } from './lib/procs';
import { meets, save, table, type ScenarioResult } from './lib/report';
import { profileArgs, startStack, type Stack } from './lib/stack';
import type { BenchContext } from './scenarios/context';
import { s0Start } from './scenarios/s0-start';
import { s1Write } from './scenarios/s1-write';
import { s2Read } from './scenarios/s2-read';
import { s5NoIo } from './scenarios/s5-no-io';
import { s6DataLoader } from './scenarios/s6-dataloader';
import { s7QueueWs } from './scenarios/s7-queue-ws';
import { s8TopicWs } from './scenarios/s8-topic-ws';
import { s9Fanout } from './scenarios/s9-fanout';
import { s10SqsRequests } from './scenarios/s10-sqs-requests';
import { s11LocalAws } from './scenarios/s11-local-aws';
import { s12Memory } from './scenarios/s12-memory';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

type Scenario = { id: string; title: string; run: (ctx: BenchContext) => Promise<ScenarioResult> };

/** The scenarios, in the fixed order they run. */
const SCENARIOS: Scenario[] = [
  { id: 'S0', title: 'Start, 5 times', run: s0Start },
  { id: 'S1', title: '10,000 users written', run: s1Write },
  { id: 'S2-S4', title: 'user(userId)', run: s2Read },
  { id: 'S5', title: 'A query with no I/O', run: s5NoIo },
  { id: 'S6', title: 'usersById(100), orders { user } (100)', run: s6DataLoader },
  { id: 'S7', title: 'sendMessage to a WebSocket subscriber', run: s7QueueWs },
  { id: 'S8', title: 'publish to topicMessages (SNS, SQS)', run: s8TopicWs },
  { id: 'S9', title: 'One event to 1,000 graphql-ws subscribers', run: s9Fanout },
  { id: 'S10', title: 'SQS requests of the subscriptions', run: s10SqsRequests },
  { id: 'S11', title: 'Local AWS against moto_server', run: s11LocalAws },
  { id: 'S12', title: 'Memory after the suite', run: s12Memory },
];

/** A scenario that takes longer than this is reported as failed (its children are killed at the end). */
const TIMEOUT_S = { full: 180, quick: 40 };

function withTimeout<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const out = argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const resultsDir = out ? path.resolve(out) : path.resolve(__dirname, '../../bench/results');
  // --cpu-prof: the shared local AWS and API write CPU profiles (open them in Chrome DevTools) when they stop.
  const profileDir = argv.includes('--cpu-prof') ? path.join(resultsDir, 'profiles') : undefined;
  let shared: Promise<Stack> | undefined;
  const ctx: BenchContext = {
    quick,
    size: (full, small) => (quick ? small : full),
    log: (message) => process.stderr.write(`${message}\n`),
    stack: () => (shared ??= startStack({}, profileDir)),
    nodeArgs: (name) => profileArgs(profileDir, name),
  };
  const results: ScenarioResult[] = [];
  let failures = 0;
  const suiteStarted = performance.now();
  // Other processes on the machine slow every figure down, latencies most: the load is reported with the results.
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    for (const scenario of SCENARIOS) {
      if (only && !only.includes(scenario.id)) continue;
      ctx.log(`running ${scenario.id}...`);
      const started = performance.now();
      try {
        results.push(await withTimeout(scenario.run(ctx), quick ? TIMEOUT_S.quick : TIMEOUT_S.full));
      } catch (err) {
        failures++;
        ctx.log(`${scenario.id} failed: ${(err as Error).stack ?? String(err)}`);
        results.push({ id: scenario.id, title: scenario.title, figures: {}, goals: [], notes: [`failed: ${(err as Error).message}`] });
      }
      ctx.log(`${scenario.id} done in ${Math.round((performance.now() - started) / 1000)} s`);
    }
  } finally {
    if (shared) await shared.then((s) => s.close(), () => undefined);
  }
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}`,
    mode: quick ? 'quick' : 'full',
    duration: `${Math.round((performance.now() - suiteStarted) / 1000)} s`,
    'load average (1 min) before / after': `${loadBefore.toFixed(1)} / ${(os.loadavg()[0] ?? 0).toFixed(1)}`,
  };
  const file = save(resultsDir, results, meta, !quick && !only && !out && !profileDir);
  process.stdout.write(`${table(results)}\n\nresults: ${file}\n${profileDir ? `profiles: ${profileDir}\n` : ''}`);
  const missed = results.flatMap((r) => r.goals.filter((g) => !meets(r, g)).map((g) => `${r.id} ${g.figure}`));
  if (missed.length) process.stdout.write(`goals missed: ${missed.join(', ')}\n`);
  return failures ? 1 : 0;
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

import os from 'node:os';
import path from 'node:path';
import { meets, save, table, type ScenarioResult } from './lib/report';
import type { BenchContext } from './scenarios/context';
import { s0Start } from './scenarios/s0-start';
import { s5NoIo } from './scenarios/s5-no-io';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The scenarios, in the fixed order they run. */
const SCENARIOS: Array<{ id: string; run: (ctx: BenchContext) => Promise<ScenarioResult> }> = [
  { id: 'S0', run: s0Start },
  { id: 'S5', run: s5NoIo },
];

async function main(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const ctx: BenchContext = {
    quick,
    size: (full, small) => (quick ? small : full),
    log: (message) => process.stderr.write(`${message}\n`),
  };
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    if (only && !only.includes(scenario.id)) continue;
    ctx.log(`running ${scenario.id}...`);
    const started = performance.now();
    results.push(await scenario.run(ctx));
    ctx.log(`${scenario.id} done in ${Math.round((performance.now() - started) / 1000)} s`);
  }
  const meta = { date: new Date().toISOString(), node: process.version, cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}`, mode: quick ? 'quick' : 'full' };
  const file = save(path.resolve(__dirname, '../../bench/results'), results, meta);
  process.stdout.write(`${table(results)}\n\nresults: ${file}\n`);
  const missed = results.flatMap((r) => r.goals.filter((g) => !meets(r, g)).map((g) => `${r.id} ${g.figure}`));
  if (missed.length) process.stdout.write(`goals missed: ${missed.join(', ')}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

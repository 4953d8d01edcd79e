import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run bench -- --quick` must keep working: every scenario runs briefly and produces its
 * figures. Values are not asserted (timings belong to the benchmark, not to tests); that each
 * judged figure is there, as a number, is.
 */
const ROOT = path.resolve(__dirname, '../..');
const SCENARIOS = ['S0', 'S1', 'S2-S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11', 'S12'];
/** Figures every scenario must report whatever the machine (the judged ones, plus what they are made of). */
const FIGURES: Record<string, string[]> = {
  S0: ['server alone p50 ms', 'with local AWS p50 ms', 'idle RSS MB (server alone)'],
  S1: ['createUsers / BatchWriteItem', 'createUsers TransactWriteItems calls', 'putItems / BatchWriteItem', 'putItems BatchWriteItem calls'],
  'S2-S4': ['GraphQL req/s', 'plain node:http req/s', 'direct SDK loop req/s', 'GraphQL / plain', 'p50 added ms'],
  S5: ['req/s'],
  S6: ['usersById speed-up', 'usersById BatchGetItem calls', 'orders.user speed-up', 'orders.user BatchGetItem calls'],
  S7: ['p50 ms', 'p99 ms', 'messages lost'],
  S8: ['p50 ms', 'p99 ms', 'messages lost'],
  S9: ['slowest subscriber p50 ms', 'all-delivery p99 ms', 'delivered %', 'RSS per connection KB'],
  S10: ['requests per delivered message', 'idle requests/min, 1 subscriber', 'idle requests/min, 1,000 subscribers'],
  S11: ['SQS round trips/s local', 'SQS round trips/s moto', 'Invoke/s local', 'GetFunction local / moto'],
  S12: ['API RSS MB'],
};

interface Result {
  id: string;
  figures: Record<string, number>;
  goals: Array<{ figure: string }>;
  notes?: string[];
}

/** Runs the built bench with --quick into a fresh folder; kills it (and so its children) after `ms`. */
function runQuick(out: string, ms: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/bench/run.js', '--quick', `--out=${out}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run bench -- --quick', () => {
  let out: string;
  let results: Result[];
  let run: Awaited<ReturnType<typeof runQuick>>;

  beforeAll(async () => {
    // The bench runs compiled JavaScript only, so the test builds what it runs.
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    out = mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'));
    run = await runQuick(out, 150_000);
    const file = /results: (.+\.json)/.exec(run.stdout)?.[1];
    results = file ? ((JSON.parse(readFileSync(file, 'utf8')) as { results: Result[] }).results) : [];
  }, 200_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('finishes, prints the table and writes the results', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr.slice(-2000) }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^#\s+Scenario\s+Figure\s+Value\s+Goal/m);
    expect(results.map((r) => r.id)).toEqual(SCENARIOS);
  });

  it.each(SCENARIOS)('%s produced its figures', (id) => {
    const result = results.find((r) => r.id === id);
    expect(result).toBeDefined();
    expect((result?.notes ?? []).filter((n) => n.startsWith('failed'))).toEqual([]);
    const wanted = [...FIGURES[id]!, ...(result?.goals.map((g) => g.figure) ?? [])];
    const missing = wanted.filter((f) => typeof result?.figures[f] !== 'number' || !Number.isFinite(result.figures[f]));
    expect(missing).toEqual([]);
  });
});

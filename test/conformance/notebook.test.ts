import { createHash } from 'node:crypto';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLocalAws, type LocalAws } from '../../src/local';

/**
 * The notebook the product was specified from (test/data/notebook.txt, a byte-identical copy of
 * its text export) run through boto3 against the embedded local AWS: its cells and exercise
 * solutions executed verbatim by test/notebook/driver.py, which then calls the helpers as the
 * notebook's examples do and asserts what AWS would answer (test/notebook/check_*.py). The only
 * change is the endpoint, given through the environment, which the notebook's boto3 calls read.
 */
const run = promisify(execFile);
const NOTEBOOK = path.resolve(__dirname, '../data/notebook.txt');
const DRIVER = path.resolve(__dirname, '../notebook/driver.py');
const EXTRACT = path.resolve(__dirname, '../notebook/extract.py');
const FUNCTIONS_DIR = path.resolve(__dirname, '../../functions');
/** SHA-256 of the notebook's text export as it was given (shared/source/000_afe8c889aa0e4cc7.txt). */
const NOTEBOOK_SHA256 = '5ceba5a221aa607c920bef9ca597a4a7be52e77f411ca5a00c77b4f91502f07f';

/** Whether python3 can import boto3; with REQUIRE_MOTO=1 (CI) its absence fails the suite instead of skipping it. */
function pythonWithBoto3(): boolean {
  const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  const reason = probe.error ? 'python3 is not installed' : `python3 cannot import boto3 (${probe.stderr.trim().split('\n').pop() ?? ''})`;
  if (process.env.REQUIRE_MOTO === '1') throw new Error(`REQUIRE_MOTO=1 but ${reason}: the notebook conformance suite needs python3 with boto3`);
  console.warn(`${reason}: the notebook conformance suite is skipped`);
  return false;
}

/** The driver's checks, named at collection time so that each is a test of its own. */
function checkNames(): string[] {
  const listed = spawnSync('python3', [DRIVER, NOTEBOOK, '--list'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONDONTWRITEBYTECODE: '1' } });
  if (listed.status !== 0) throw new Error(`driver.py --list failed: ${listed.stderr}`);
  return listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as string);
}

interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

interface Block {
  kind: 'cell' | 'solution';
  line: number;
  source: string;
}

const available = pythonWithBoto3();
const describeWithPython = available ? describe : describe.skip;
const names = available ? checkNames() : [];

describeWithPython("the notebook's code blocks", () => {
  const text = readFileSync(NOTEBOOK, 'utf8');

  it('is the notebook as given, byte for byte', () => {
    expect(createHash('sha256').update(readFileSync(NOTEBOOK)).digest('hex')).toBe(NOTEBOOK_SHA256);
  });

  it('extracts its 20 cells and 4 exercise solutions, each a verbatim run of its lines', () => {
    const blocks = JSON.parse(spawnSync('python3', [EXTRACT, NOTEBOOK], { encoding: 'utf8' }).stdout) as Block[];
    expect(blocks.map((b) => `${b.kind}@${b.line}`)).toEqual([
      ...[47, 67, 153, 345, 378, 417, 474, 479, 543, 607, 612, 727, 755, 818, 921, 952, 981].map((line) => `cell@${line}`),
      'solution@1024',
      'cell@1235',
      'solution@1262',
      'cell@1423',
      'solution@1443',
      'cell@1646',
      'solution@1667',
    ]);
    const lines = text.split('\n');
    for (const block of blocks) {
      const count = block.source.split('\n').length - 1;
      expect(lines.slice(block.line - 1, block.line - 1 + count).join('\n') + '\n').toBe(block.source);
    }
  });
});

describeWithPython("the notebook's helpers through boto3 on the local AWS", () => {
  let local: LocalAws;
  let dataDir: string;
  let results: Map<string, CheckResult>;
  let driverOutput: string;

  beforeAll(async () => {
    // A data directory gives the local SNS an outbox, where the email subscription's mail lands.
    dataDir = mkdtempSync(path.join(tmpdir(), 'notebook-'));
    local = await startLocalAws({ port: 0, region: 'us-east-1', dataDir, functionsDir: FUNCTIONS_DIR });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PYTHONDONTWRITEBYTECODE: '1',
      // The one change to the notebook: where its boto3 clients connect, with dummy credentials.
      AWS_ENDPOINT_URL: local.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      NOTEBOOK_OUTBOX: path.join(dataDir, 'sns', 'outbox'),
    };
    // Asynchronous: the local AWS answers from this process while the driver runs.
    const { stdout, stderr } = await run('python3', [DRIVER, NOTEBOOK], { env, maxBuffer: 64 * 1024 * 1024 }).catch((err: { stdout?: string; stderr?: string; message: string }) => ({
      stdout: err.stdout ?? '',
      stderr: `${err.message}\n${err.stderr ?? ''}`,
    }));
    driverOutput = stderr.slice(-4000);
    const lines = stdout.split('\n').filter((line) => line.trim());
    results = new Map(lines.map((line) => JSON.parse(line) as CheckResult).map((r) => [r.name, r]));
  }, 120_000);

  afterAll(async () => {
    await local?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(names)('%s', (name) => {
    const result = results.get(name);
    if (!result) throw new Error(`the driver did not report this check; its last output:\n${driverOutput}`);
    if (!result.ok) throw new Error(result.error);
    expect(result).toEqual({ name, ok: true });
  });
});

import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLocalAws, type LocalAws } from '../../src/local';

/**
 * The README's "Local AWS: ..." examples, pasted: each section's sh blocks run as one shell
 * session (its `export` line gives the credentials, as it would in a terminal) against a started
 * local AWS, with only the endpoint changed from the README's port 4566 to this test's (and the
 * Lambda example's /tmp/hello folder moved into the test's temporary folder). Every
 * service's example is thereby a test, and a README edit that breaks one fails here. Single-
 * command CLI smoke tests per service live with each service (local-*-tools, local-sns-wire,
 * transactions-cli); this file checks what a reader of the README would paste.
 */
const run = promisify(execFile);
const README = path.resolve(__dirname, '../../README.md');
const FUNCTIONS_DIR = path.resolve(__dirname, '../../functions');
const README_ENDPOINT = 'http://127.0.0.1:4566';

/** Whether the AWS CLI is installed; with REQUIRE_MOTO=1 (CI) its absence fails instead of skipping. */
function cliAvailable(): boolean {
  if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env.REQUIRE_MOTO === '1') throw new Error('REQUIRE_MOTO=1 but the AWS CLI (aws) is not installed');
  console.warn('the AWS CLI is not installed: the README CLI examples are not run');
  return false;
}

/** The sh blocks of the README section `## Local AWS: <service>`, joined, without the line that starts the local AWS. */
function readmeSession(readme: string, service: string): string {
  const section = readme.split(/^## /m).find((s) => s.startsWith(`Local AWS: ${service}\n`));
  if (!section) throw new Error(`README has no "## Local AWS: ${service}" section`);
  const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
  if (!blocks.length) throw new Error(`README's "Local AWS: ${service}" section has no sh example`);
  return blocks
    .join('')
    .split('\n')
    .filter((line) => !line.startsWith('npm run local-aws'))
    .join('\n');
}

interface Session {
  stdout: string;
  stderr: string;
  code: number;
}

const describeWithCli = cliAvailable() ? describe : describe.skip;

describeWithCli("the README's Local AWS examples, pasted into a shell", () => {
  let local: LocalAws;
  let cwd: string;
  const sessions = new Map<string, Session>();
  const SERVICES = ['DynamoDB', 'SQS', 'Lambda', 'SNS', 'boto3 and the notebook\'s code'];

  /** Runs a section's session in a shell, as a reader would paste it (no `set -e`: a failing line shows on stderr). */
  async function paste(service: string): Promise<Session> {
    // The endpoint is this test's; the Lambda example's scratch folder moves from /tmp into the test's own.
    const script = readmeSession(readFileSync(README, 'utf8'), service).replaceAll(README_ENDPOINT, local.endpoint).replaceAll('/tmp/hello', path.join(cwd, 'hello'));
    // No AWS settings but what the README exports; no profile of this machine's.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
    return run('sh', ['-c', script], { cwd, env, timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
      (err: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.code ?? -1 }),
    );
  }

  beforeAll(async () => {
    // The SNS example starts the local AWS with `--data-dir .data` and reads its outbox there.
    cwd = mkdtempSync(path.join(tmpdir(), 'readme-cli-'));
    local = await startLocalAws({ port: 0, region: 'us-east-1', dataDir: path.join(cwd, '.data'), functionsDir: FUNCTIONS_DIR });
    // The sections use different resources, so they run side by side.
    const results = await Promise.all(SERVICES.map(paste));
    SERVICES.forEach((service, i) => sessions.set(service, results[i] as Session));
  }, 120_000);

  afterAll(async () => {
    await local?.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('DynamoDB: creates a table, lists it, commits one transaction and cancels another', () => {
    const { stdout, stderr, code } = sessions.get('DynamoDB') as Session;
    expect(stdout).toBe('CREATING\nnotes\nsecond\n2\n');
    // The cancelled transaction is the one line on stderr (the CLI puts a blank line before it).
    expect(stderr.trim()).toBe(
      'An error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    );
    expect(code).toBe(0);
  });

  it('SQS: send with attributes (their MD5s), receive and delete, attributes, FIFO sequence number, dead-letter queue and a move task', () => {
    const { stdout, stderr } = sessions.get('SQS') as Session;
    expect(stderr).toBe('');
    expect(stdout).toContain('"MD5OfMessageBody": "5d41402abc4b2a76b9719d911017c592",\n    "MD5OfMessageAttributes": "55ed4b7836c74ac3476eb038898fee8b",');
    for (const attribute of ['"QueueArn": "arn:aws:sqs:us-east-1:000000000000:jobs"', '"VisibilityTimeout": "60"', '"ApproximateNumberOfMessages": "0"', '"ApproximateNumberOfMessagesNotVisible": "0"']) {
      expect(stdout).toContain(attribute);
    }
    expect(stdout).toContain(`"QueueUrl": "${local.endpoint}/000000000000/orders.fifo"`);
    expect(stdout).toMatch(/"SequenceNumber": "\d{20}"/);
    expect(stdout).toContain(`"QueueUrl": "${local.endpoint}/000000000000/jobs-dlq"`);
    expect(stdout).toMatch(/"TaskHandle": "[A-Za-z0-9+/]+=*"/);
  });

  it('Lambda: lists the sample functions, invokes greeting, tails a failure log, creates and invokes a function', () => {
    const { stdout, stderr } = sessions.get('Lambda') as Session;
    expect(stderr).toBe('');
    expect(stdout).toContain('echo\tnodejs20.x\nflaky\tnodejs20.x\ngreeting\tnodejs20.x\ngreeting-python\tpython3.12\n');
    expect(stdout).toContain('{"statusCode":200,"body":"{\\"message\\":\\"Hello, Ada!\\",\\"input\\":{\\"name\\":\\"Ada\\"}}"}');
    // cat out.json ends without a newline, so the log tail starts on its line.
    expect(stdout).toMatch(/"}START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
    expect(stdout).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"flaky failed on request"/);
    expect(stdout).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: /m);
    expect(stdout).toMatch(/\[\s+"Active",\s+"[A-Za-z0-9+/]{43}="\s+\]/);
    expect(stdout).toContain('"StatusCode": 202');
  });

  it('SNS: filtered fan-out to a queue, email subscription confirmed from the outbox, topics listed', () => {
    const { stdout, stderr } = sessions.get('SNS') as Session;
    expect(stderr).toBe('');
    expect(stdout).toContain('\nbig order\n');
    expect(stdout).not.toContain('small order');
    expect(stdout).toContain('"SubscriptionArn": "pending confirmation"');
    expect(stdout).toMatch(/<ConfirmSubscriptionResult><SubscriptionArn>arn:aws:sns:us-east-1:000000000000:orders:[0-9a-f-]{36}<\/SubscriptionArn>/);
    expect(stdout).toContain('"TopicArn": "arn:aws:sns:us-east-1:000000000000:orders"');
  });

  it('boto3: AWS_ENDPOINT_URL alone points unchanged Python code at the local AWS', () => {
    const { stdout, stderr } = sessions.get("boto3 and the notebook's code") as Session;
    expect(stderr).toBe('');
    expect(stdout).toBe(`b'{"statusCode":200,"body":"{\\\\"message\\\\":\\\\"Hello, Ada!\\\\",\\\\"input\\\\":{\\\\"name\\\\":\\\\"Ada\\\\"}}"}'\n`);
  });
});

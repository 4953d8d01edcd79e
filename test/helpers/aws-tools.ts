import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Dummy credentials and no profile, as a developer without an AWS account would have. */
const CLI_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null' };

/** Whether a command runs here; a suite prints why it skips what needs it. */
function runs(command: string, args: string[], what: string): boolean {
  const ok = spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  if (!ok) console.warn(`${what} is not installed: its smoke test is skipped`);
  return ok;
}

/** Whether the AWS CLI is installed (prints why a suite skips its CLI test when not). */
export const cliInstalled = (): boolean => runs('aws', ['--version'], 'the AWS CLI');

/** Whether python3 with boto3 is installed (prints why a suite skips its boto3 test when not). */
export const botoInstalled = (): boolean => runs('python3', ['-c', 'import boto3'], 'boto3');

/** Runs `aws --endpoint-url <endpoint> <args...>` with dummy credentials; rejects with its exit code and stderr. */
export function awsCli(endpoint: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('aws', ['--endpoint-url', endpoint, ...args], { env: CLI_ENV });
}

/** `aws <service> <args...> --output json` against `endpoint`, parsed. */
export async function awsJson(endpoint: string, service: string, ...args: string[]): Promise<any> {
  return JSON.parse((await awsCli(endpoint, [service, ...args, '--output', 'json'])).stdout || '{}');
}

/** The exit code and stderr of an AWS CLI call expected to fail (undefined when it succeeded). */
export async function awsCliFailure(endpoint: string, args: string[]): Promise<{ code: number; stderr: string } | undefined> {
  return await awsCli(endpoint, args).then(
    () => undefined,
    (err: { code: number; stderr: string }) => err,
  );
}

/** Runs a Python script (boto3) with the endpoint as its argv[1]; resolves with its stdout. */
export async function python(script: string, endpoint: string): Promise<string> {
  return (await run('python3', ['-c', script, endpoint], { env: CLI_ENV })).stdout;
}

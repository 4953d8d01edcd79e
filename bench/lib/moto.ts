import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { stop, track } from './procs';

// The tests start moto with this module too (test/helpers/moto.ts): the bench build
// (tsconfig.build.json) does not include test/, so the one moto starter lives here.

/** A moto_server child of the bench or of a test file. */
export interface MotoProc {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/** Whether moto_server is on the PATH. */
export function motoInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `moto_server -H 127.0.0.1 -p PORT` and waits until it answers. */
export async function startMoto(): Promise<MotoProc> {
  const port = await freePort();
  const child = track(spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' }));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error('moto_server did not start within 20 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, pid: child.pid!, stop: () => stop(child) };
}

/** A role ARN in the shape CreateFunction requires; moto refuses a role that does not exist, so createMotoRole makes it. */
export const BENCH_ROLE = 'arn:aws:iam::123456789012:role/bench-lambda';

/**
 * Creates `roleArn` in moto's IAM: moto, like AWS, refuses CreateFunction with a role that does
 * not exist. moto does not check signatures, so a credential scope naming iam routes the call.
 */
export async function createMotoRole(endpoint: string, roleArn: string): Promise<void> {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const body = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: roleArn.split('/')[1] as string, AssumeRolePolicyDocument: trust });
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' },
    body,
  });
  if (!res.ok) throw new Error(`moto CreateRole answered ${res.status}: ${await res.text()}`);
}

/**
 * Readies moto for the Lambda runs: creates BENCH_ROLE and turns Docker off, so that Invoke
 * answers without running the function (moto can run code only in Docker).
 */
export async function prepareMotoLambda(endpoint: string): Promise<void> {
  await createMotoRole(endpoint, BENCH_ROLE);
  const config = await fetch(`${endpoint}/moto-api/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lambda: { use_docker: false } }) });
  if (!config.ok) throw new Error(`moto config answered ${config.status}`);
}

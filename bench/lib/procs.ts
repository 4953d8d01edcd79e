import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The built CLI; the benchmark always runs compiled JavaScript, never ts-node. */
export const MAIN = path.resolve(__dirname, '../../src/main.js');

/** A child process of the benchmark that printed a ready line. */
export interface Proc {
  child: ChildProcess;
  /** The parsed JSON log line that said it was ready. */
  ready: Record<string, unknown>;
  /** Milliseconds from spawn to the ready line. */
  readyMs: number;
  stop(): Promise<void>;
}

const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'info' };

/** Spawns `node dist/src/main.js <args>` and resolves when it logs a line whose msg matches `ready`. */
export function spawnMain(args: string[], env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<Proc> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, MAIN, ...args], { env: { ...process.env, ...QUIET, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`${args[0]} not ready within 30 s: ${stderr.slice(-500)}`)), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('exit', (code) => fail(new Error(`${args[0]} exited with ${code}: ${stderr.slice(-500)}`)));
    lines.on('line', (line) => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (!ready.test(String(parsed.msg ?? ''))) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, ready: parsed, readyMs: performance.now() - started, stop: () => stop(child) });
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Starts the embedded local AWS alone on a free loopback port. */
export async function startLocalAwsProc(env: Record<string, string> = {}): Promise<Proc & { endpoint: string }> {
  const proc = await spawnMain(['local-aws', '--local-aws-port', '0'], env, /local AWS ready/);
  return { ...proc, endpoint: String(proc.ready.endpoint) };
}

/** Starts the API against an endpoint (AWS mode), creating its resources first. */
export async function startApiProc(endpoint: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Proc & { url: string }> {
  const common = { MODE: 'AWS', AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', HOST: '127.0.0.1', PORT: '0', ...env };
  await run(['setup'], common);
  const proc = await spawnMain(['serve'], common, /ready at/, nodeArgs);
  return { ...proc, url: String(proc.ready.url) };
}

/** Runs a short CLI command to completion. */
export function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...QUIET, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} failed: ${stderr.slice(-500)}`))));
  });
}

/** Reads the local AWS's request counts (GET /_local/requests); `reset` clears them after reading. */
export async function requestCounts(endpoint: string, reset = false): Promise<Record<string, number>> {
  const res = await fetch(`${endpoint}/_local/requests`, { method: reset ? 'DELETE' : 'GET' });
  return (await res.json()) as Record<string, number>;
}

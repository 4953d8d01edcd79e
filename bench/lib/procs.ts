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

/**
 * Every process of the benchmark runs as deployed: NODE_ENV=production (graphql-js then checks
 * types with a bare instanceof, about 4% of a simple query's CPU; Apollo serves no Sandbox).
 */
const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'info', NODE_ENV: 'production' };

/** Every child still running, so that a failed or interrupted run leaves none behind. */
const children = new Set<ChildProcess>();

/** Remembers a child until it exits. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGKILLs every child still running (on exit, on a signal, after a failure). */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** Spawns `node dist/src/main.js <args>` and resolves when it logs a line whose msg matches `ready`. */
export function spawnMain(args: string[], env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<Proc> {
  return waitReady(track(spawn(process.execPath, [...nodeArgs, MAIN, ...args], { env: { ...process.env, ...QUIET, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })), args[0] ?? 'node', ready);
}

/** Resolves when a child logs a JSON line whose msg matches `ready`; kills it when it does not within 30 s. */
export function waitReady(child: ChildProcess, name: string, ready: RegExp): Promise<Proc> {
  const started = performance.now();
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`${name} not ready within 30 s: ${stderr.slice(-500)}`)), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code}: ${stderr.slice(-500)}`)));
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

/** CPU time (user + system) a process has used so far, in ms, from /proc (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts the embedded local AWS alone on a free loopback port. */
export async function startLocalAwsProc(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Proc & { endpoint: string }> {
  const proc = await spawnMain(['local-aws', '--local-aws-port', '0'], env, /local AWS ready/, nodeArgs);
  return { ...proc, endpoint: String(proc.ready.endpoint) };
}

/** The environment of the API in AWS mode against an endpoint, on a free loopback port. */
export function apiEnv(endpoint: string, env: Record<string, string> = {}): Record<string, string> {
  return { MODE: 'AWS', AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', HOST: '127.0.0.1', PORT: '0', ...env };
}

/** Starts the API against an endpoint (AWS mode), creating its resources first unless told they exist. */
export async function startApiProc(endpoint: string, env: Record<string, string> = {}, nodeArgs: string[] = [], setup = true): Promise<Proc & { url: string }> {
  const common = apiEnv(endpoint, env);
  if (setup) await run(['setup'], common);
  const proc = await spawnMain(['serve'], common, /ready at/, nodeArgs);
  return { ...proc, url: String(proc.ready.url) };
}

/** Runs a short CLI command to completion. */
export function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...QUIET, ...env }, stdio: ['ignore', 'ignore', 'pipe'] }));
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

/** The compiled plain node:http baseline of S2-S4 (bench/plain-server.ts). */
export const PLAIN_SERVER = path.resolve(__dirname, '../plain-server.js');

/** Starts the plain baseline against an endpoint, with the API's environment. */
export async function startPlainServer(endpoint: string): Promise<Proc & { url: string }> {
  const child = track(spawn(process.execPath, [PLAIN_SERVER], { env: { ...process.env, ...QUIET, ...apiEnv(endpoint) }, stdio: ['ignore', 'pipe', 'pipe'] }));
  const proc = await waitReady(child, 'plain server', /plain server ready/);
  return { ...proc, url: String(proc.ready.url) };
}

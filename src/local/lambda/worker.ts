import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Language } from './runtimes';

/** The error payload a runtime reports (Node: trace; Python: stackTrace, requestId). */
export type ErrorPayload = Record<string, unknown> & { errorType: string; errorMessage: string };

/** What one run of a handler came to. */
export type RunOutcome =
  | { kind: 'result'; payload: string }
  | { kind: 'error'; error: ErrorPayload }
  | { kind: 'timeout' }
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null };

/** One run's outcome with what the runtime logged and measured. */
export interface Run {
  outcome: RunOutcome;
  /** The function's own output during the run (and during init, for a worker's first run). */
  log: string;
  durationMs: number;
  /** Init duration, on a worker's first run only. */
  initMs?: number;
  maxMemoryMb?: number;
}

/** What a worker needs to start. */
export interface WorkerSpec {
  language: Language;
  command: string;
  cwd: string;
  env: Record<string, string>;
  memorySize: number;
}

/** The request a worker runs. */
export interface RunRequest {
  requestId: string;
  payload: string;
  invokedFunctionArn: string;
  deadlineMs: number;
  clientContext?: unknown;
}

type Message =
  | { type: 'ready'; initMs: number }
  | { type: 'log'; text: string }
  | { type: 'result'; payload: string; memoryMb?: number }
  | { type: 'error'; error: ErrorPayload; memoryMb?: number; fatal?: boolean };

/** The bootstrap scripts sit beside this file in src; the compiled file in dist finds them there too. */
function bootstrapDir(): string {
  const beside = path.join(__dirname, 'bootstrap');
  return existsSync(beside) ? beside : path.resolve(__dirname, '../../../../src/local/lambda/bootstrap');
}
const BOOTSTRAP = bootstrapDir();

/** How long a dead process's last messages may take to arrive. */
const EXIT_GRACE_MS = 200;

interface Pending {
  resolve(run: Run): void;
  timer: NodeJS.Timeout;
  started: number;
  log: string[];
}

/**
 * One warm process of one function. It runs one invocation at a time; a run that times out
 * kills the process (and anything it started), and a process that dies is never reused.
 */
export class Worker {
  private readonly child: ChildProcess;
  private pending?: Pending;
  private initLog: string[] = [];
  private initMs?: number;
  private firstRun = true;
  private fatal = false;
  alive = true;
  /** Called once when the process has gone. */
  onExit?: () => void;

  constructor(spec: WorkerSpec) {
    const args = spec.language === 'node' ? [`--max-old-space-size=${spec.memorySize}`, path.join(BOOTSTRAP, 'node.cjs')] : ['-u', path.join(BOOTSTRAP, 'python.py')];
    // Its own process group, so that a timeout kills whatever the handler started too.
    this.child = spawn(spec.command, args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true });
    const channel = this.child.stdio[3] as NodeJS.ReadableStream | null;
    const lines = channel ? createInterface({ input: channel, crlfDelay: Infinity }) : undefined;
    lines?.on('line', (line) => this.receive(JSON.parse(line) as Message));
    const channelClosed = new Promise<void>((resolve) => (lines ? lines.once('close', resolve) : resolve()));
    this.child.stdin?.on('error', () => undefined);
    this.child.stdout?.on('data', (chunk: Buffer) => this.append(chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => this.append(chunk.toString('utf8')));
    this.child.on('error', () => this.exited(null, null));
    // The last messages (a fatal error, say) may still be in the channel when the process exits: read them first.
    this.child.on('exit', (code, signal) => {
      const grace = new Promise<void>((resolve) => setTimeout(resolve, EXIT_GRACE_MS).unref());
      void Promise.race([channelClosed, grace]).then(() => this.exited(code, signal));
    });
  }

  /** Runs one invocation; resolves when it ends in any way, never rejects. */
  run(request: RunRequest, timeoutMs: number): Promise<Run> {
    return new Promise((resolve) => {
      if (!this.alive) {
        resolve({ outcome: { kind: 'exit', code: this.child.exitCode, signal: this.child.signalCode }, log: '', durationMs: 0 });
        return;
      }
      const timer = setTimeout(() => this.timedOut(), timeoutMs);
      this.pending = { resolve, timer, started: performance.now(), log: [] };
      this.child.stdin?.write(`${JSON.stringify({ type: 'invoke', ...request })}\n`);
    });
  }

  /** Whether the worker can take another invocation. */
  get reusable(): boolean {
    return this.alive && !this.fatal;
  }

  /** Ends the process and every process it started. */
  kill(): void {
    if (!this.alive) return;
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  private receive(message: Message): void {
    switch (message.type) {
      case 'ready':
        this.initMs = message.initMs;
        return;
      case 'log':
        this.append(message.text);
        return;
      case 'result':
        this.finish({ kind: 'result', payload: message.payload }, message.memoryMb);
        return;
      case 'error':
        if (message.fatal) this.fatal = true;
        this.finish({ kind: 'error', error: message.error }, message.memoryMb);
        return;
      default: {
        const unknown: never = message;
        throw new Error(`unknown runtime message ${JSON.stringify(unknown)}`);
      }
    }
  }

  private append(text: string): void {
    (this.pending ? this.pending.log : this.initLog).push(text);
  }

  private timedOut(): void {
    this.fatal = true;
    this.kill();
    this.finish({ kind: 'timeout' });
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.alive) return;
    this.alive = false;
    this.finish({ kind: 'exit', code, signal });
    this.onExit?.();
  }

  private finish(outcome: RunOutcome, maxMemoryMb?: number): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    const log = [...this.initLog, ...pending.log].join('');
    this.initLog = [];
    const initMs = this.firstRun ? this.initMs : undefined;
    this.firstRun = false;
    pending.resolve({ outcome, log, durationMs: performance.now() - pending.started, initMs, maxMemoryMb });
  }
}

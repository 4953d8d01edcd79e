import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LogBuffer } from './logs';
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
  /** The function's own output during the run. */
  log: string;
  /** Its output during init (module load), on a worker's first run. */
  initLog?: string;
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
  /** The function's timeout; the runtime counts it from the start of the run (after init). */
  timeoutMs: number;
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

/** AWS gives a new execution environment's init phase 10 s, apart from the function's timeout. */
export const INIT_LIMIT_MS = 10_000;

/** Every live worker of this server process, stopped with it even when it exits without closing the local AWS. */
const LIVE = new Set<Worker>();
process.on('exit', () => {
  for (const worker of LIVE) worker.kill();
});

interface Pending {
  resolve(run: Run): void;
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  started: number;
  log: LogBuffer;
}

/**
 * One warm process of one function. It runs one invocation at a time; a run that times out
 * kills the process (and anything it started), and a process that dies is never reused.
 */
export class Worker {
  private readonly child: ChildProcess;
  private pending?: Pending;
  private initLog = new LogBuffer();
  private initMs?: number;
  private readonly spawnedAt = performance.now();
  private firstRun = true;
  private fatal = false;
  alive = true;
  /** Called once when the process has gone. */
  onExit?: () => void;

  constructor(spec: WorkerSpec) {
    const args = spec.language === 'node' ? [`--max-old-space-size=${spec.memorySize}`, path.join(BOOTSTRAP, 'node.cjs')] : ['-u', path.join(BOOTSTRAP, 'python.py')];
    // Its own process group, so that a timeout kills whatever the handler started too.
    this.child = spawn(spec.command, args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true });
    LIVE.add(this);
    const channel = this.child.stdio[3] as NodeJS.ReadableStream | null;
    const lines = channel ? createInterface({ input: channel, crlfDelay: Infinity }) : undefined;
    lines?.on('line', (line) => this.receiveLine(line));
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

  /** Runs one invocation; resolves when it ends in any way, never rejects. The clock starts once init is done, as on AWS. */
  run(request: RunRequest): Promise<Run> {
    return new Promise((resolve) => {
      if (!this.alive) {
        resolve({ outcome: { kind: 'exit', code: this.child.exitCode, signal: this.child.signalCode }, log: '', durationMs: 0 });
        return;
      }
      this.pending = { resolve, timeoutMs: request.timeoutMs, started: performance.now(), log: new LogBuffer() };
      if (this.initMs === undefined) this.pending.timer = setTimeout(() => this.timedOut(), INIT_LIMIT_MS);
      else this.startClock();
      this.child.stdin?.write(`${JSON.stringify({ type: 'invoke', ...request })}\n`);
    });
  }

  private startClock(): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.started = performance.now();
    pending.timer = setTimeout(() => this.timedOut(), pending.timeoutMs);
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

  /** A line from the channel; anything that is not a runtime message (user code writing to fd 3) is ignored. */
  private receiveLine(line: string): void {
    let message: Message;
    try {
      message = JSON.parse(line) as Message;
    } catch {
      return;
    }
    if (message && typeof message === 'object') this.receive(message);
  }

  private receive(message: Message): void {
    switch (message.type) {
      case 'ready':
        // Init Duration as AWS counts it: from the start of the process (runtime start and module load).
        this.initMs = performance.now() - this.spawnedAt;
        this.startClock();
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
        // Not one of ours (user code writing JSON to fd 3): ignored.
        const ignored: never = message;
        return ignored;
      }
    }
  }

  /** Output before the runtime reported ready belongs to init (it precedes START in the log). */
  private append(text: string): void {
    (this.pending && this.initMs !== undefined ? this.pending.log : this.initLog).push(text);
  }

  private timedOut(): void {
    this.fatal = true;
    this.kill();
    this.finish({ kind: 'timeout' });
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.alive) return;
    this.alive = false;
    LIVE.delete(this);
    this.finish({ kind: 'exit', code, signal });
    this.onExit?.();
  }

  private finish(outcome: RunOutcome, maxMemoryMb?: number): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    const initLog = this.initLog.toString() || undefined;
    this.initLog = new LogBuffer();
    const initMs = this.firstRun ? this.initMs : undefined;
    this.firstRun = false;
    pending.resolve({ outcome, log: pending.log.toString(), initLog, durationMs: performance.now() - pending.started, initMs, maxMemoryMb });
  }
}

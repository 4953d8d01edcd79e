import { randomUUID } from 'node:crypto';
import { LambdaError } from './errors';
import { invocationLog, timeoutLine } from './logs';
import type { FunctionRecord } from './model';
import { FunctionPool } from './pool';
import type { Run, RunOutcome, WorkerSpec } from './worker';

/** The largest response payload AWS returns from a synchronous invocation. */
export const RESPONSE_LIMIT = 6_291_556;

/** What a finished invocation answers: the payload (result or error), whether it failed, and its log. */
export interface Invocation {
  requestId: string;
  payload: string;
  functionError?: 'Unhandled';
  log: string;
}

/** One invocation to run. */
export interface InvokeRequest {
  payload: string;
  clientContext?: unknown;
  requestId?: string;
}

export interface InvokerOptions {
  /** Concurrent runs per function; synchronous invokes past it get 429, events wait. */
  concurrency: number;
  /** How to start a process for the function as it is now. */
  spec(fn: FunctionRecord): WorkerSpec;
  /** The function's unqualified ARN. */
  arnOf(name: string): string;
  /** The function as it is now, or undefined once deleted (queued events of a deleted function are dropped). */
  lookup(name: string): FunctionRecord | undefined;
}

interface Queued {
  name: string;
  request: InvokeRequest;
}

/** Runs invocations on per-function warm pools, counting concurrency and queueing Event invocations. */
export class Invoker {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly running = new Map<string, number>();
  private readonly queues = new Map<string, Queued[]>();
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: InvokerOptions) {}

  /** A synchronous (RequestResponse) invocation; TooManyRequestsException when the function is at its concurrency. */
  invoke(fn: FunctionRecord, request: InvokeRequest): Promise<Invocation> {
    if ((this.running.get(fn.name) ?? 0) >= this.options.concurrency) {
      throw new LambdaError('TooManyRequestsException', 'Rate Exceeded.', { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
    }
    return this.execute(fn, request);
  }

  /** Queues an Event invocation; it runs as soon as the function has a free slot. Returns its request id. */
  enqueue(fn: FunctionRecord, request: InvokeRequest): string {
    const requestId = request.requestId ?? randomUUID();
    const queue = this.queues.get(fn.name) ?? [];
    queue.push({ name: fn.name, request: { ...request, requestId } });
    this.queues.set(fn.name, queue);
    this.drain(fn.name);
    return requestId;
  }

  /** Warm processes started for a function so far. */
  coldStarts(name: string): number {
    return this.pools.get(name)?.spawned ?? 0;
  }

  /** Its code or settings changed: warm processes must not serve it any more. */
  reset(name: string): void {
    this.pools.get(name)?.reset();
  }

  /** The function is gone: stop its processes and drop its queued events. */
  remove(name: string): void {
    this.pools.get(name)?.close();
    this.pools.delete(name);
    this.queues.delete(name);
  }

  /** Resolves when nothing runs and nothing is queued (tests wait for Event invocations with it). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
    this.queues.clear();
  }

  private isIdle(): boolean {
    return [...this.running.values()].every((n) => n === 0) && [...this.queues.values()].every((q) => q.length === 0);
  }

  private drain(name: string): void {
    const queue = this.queues.get(name);
    while (queue?.length && (this.running.get(name) ?? 0) < this.options.concurrency) {
      const next = queue.shift() as Queued;
      const fn = this.options.lookup(next.name);
      // An event whose function was deleted meanwhile is dropped, as AWS drops it.
      if (fn) void this.execute(fn, next.request);
    }
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async execute(fn: FunctionRecord, request: InvokeRequest): Promise<Invocation> {
    this.running.set(fn.name, (this.running.get(fn.name) ?? 0) + 1);
    try {
      const requestId = request.requestId ?? randomUUID();
      const run = await this.pool(fn).run({
        requestId,
        payload: request.payload,
        invokedFunctionArn: this.options.arnOf(fn.name),
        timeoutMs: fn.timeout * 1000,
        clientContext: request.clientContext,
      });
      return describe(fn, requestId, run);
    } finally {
      this.running.set(fn.name, (this.running.get(fn.name) ?? 1) - 1);
      this.drain(fn.name);
    }
  }

  private pool(fn: FunctionRecord): FunctionPool {
    let pool = this.pools.get(fn.name);
    if (!pool) {
      const name = fn.name;
      pool = new FunctionPool(() => this.options.spec(this.options.lookup(name) ?? fn));
      this.pools.set(name, pool);
    }
    return pool;
  }
}

/** Turns a run into what Invoke answers, with AWS's payloads for platform failures. */
export function describe(fn: FunctionRecord, requestId: string, run: Run): Invocation {
  const facts = { requestId, durationMs: run.durationMs, memorySize: fn.memorySize, maxMemoryMb: run.maxMemoryMb, initMs: run.initMs };
  const failed = (error: Record<string, unknown>, output = run.log, after = '') => ({
    requestId,
    payload: JSON.stringify(error),
    functionError: 'Unhandled' as const,
    log: invocationLog(facts, output, after, run.initLog),
  });
  const outcome: RunOutcome = run.outcome;
  switch (outcome.kind) {
    case 'result':
      if (Buffer.byteLength(outcome.payload) > RESPONSE_LIMIT) {
        return failed({ errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT} bytes).`, errorType: 'Function.ResponseSizeTooLarge' });
      }
      return { requestId, payload: outcome.payload, log: invocationLog(facts, run.log, '', run.initLog) };
    case 'error':
      return failed(outcome.error);
    case 'timeout':
      return failed(
        { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${fn.timeout.toFixed(2)} seconds` },
        run.log,
        timeoutLine(requestId, run.durationMs),
      );
    case 'exit': {
      const reason = exitReason(outcome.code, outcome.signal);
      const message = `RequestId: ${requestId} Error: ${reason}`;
      return failed({ errorType: 'Runtime.ExitError', errorMessage: message }, `${run.log}${run.log && !run.log.endsWith('\n') ? '\n' : ''}${message}\nRuntime.ExitError\n`);
    }
    default: {
      const unknown: never = outcome;
      throw new Error(`unknown run outcome ${JSON.stringify(unknown)}`);
    }
  }
}

const SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted', SIGINT: 'interrupt' };

/** AWS's words for how a runtime process ended (Go's os.ProcessState wording). */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `Runtime exited with error: signal: ${SIGNAL_NAMES[signal] ?? signal}`;
  if (code === 0) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: exit status ${code ?? 'unknown'}`;
}

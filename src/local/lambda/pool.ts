import { Worker, type Run, type RunRequest, type WorkerSpec } from './worker';

/** How long a warm process waits for its next invocation before it is stopped. */
export const IDLE_MS = 120_000;

/**
 * The warm processes of one function. A process serves one invocation at a time and only this
 * function; after a run it goes back to the pool unless it died, timed out, or the function's
 * code or settings changed meanwhile (a new generation), in which case it is stopped.
 */
export class FunctionPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private readonly timers = new Map<Worker, NodeJS.Timeout>();
  private generation = 0;
  private closed = false;
  /** Processes started so far (cold starts), for tests and benchmarks. */
  spawned = 0;

  constructor(private readonly spec: () => WorkerSpec) {}

  /** Runs one invocation on a warm process, or a new one when none is idle. */
  async run(request: RunRequest): Promise<Run> {
    const worker = this.take() ?? this.start();
    const generation = this.generation;
    this.busy.add(worker);
    try {
      return await worker.run(request);
    } finally {
      this.busy.delete(worker);
      if (worker.reusable && generation === this.generation && !this.closed) this.park(worker);
      else worker.kill();
    }
  }

  /** Stops idle processes; busy ones finish their run and are then stopped (code or settings changed). */
  reset(): void {
    this.generation++;
    for (const worker of this.idle.splice(0)) this.stop(worker);
  }

  /** Stops every process, busy ones too. */
  close(): void {
    this.closed = true;
    this.reset();
    for (const worker of this.busy) worker.kill();
  }

  private take(): Worker | undefined {
    const worker = this.idle.pop();
    if (worker) clearTimeout(this.timers.get(worker));
    return worker;
  }

  private start(): Worker {
    const worker = new Worker(this.spec());
    this.spawned++;
    worker.onExit = () => this.forget(worker);
    return worker;
  }

  private park(worker: Worker): void {
    this.idle.push(worker);
    this.timers.set(worker, setTimeout(() => this.stop(worker), IDLE_MS).unref());
  }

  private stop(worker: Worker): void {
    this.forget(worker);
    worker.kill();
  }

  private forget(worker: Worker): void {
    clearTimeout(this.timers.get(worker));
    this.timers.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
  }
}

import type { StoredMessage } from './message';

/** The part of a queue that long-polling receivers need. */
export interface Receivable {
  readonly visible: { hasDeliverable(): boolean };
  receive(max: number, visibilityTimeout: number): StoredMessage[];
  setting(name: 'VisibilityTimeout'): number;
}

interface Waiter {
  max: number;
  visibilityTimeout: number | undefined;
  timer: NodeJS.Timeout;
  signal?: AbortSignal;
  done(messages: StoredMessage[]): void;
}

/**
 * Receivers long-polling one queue (WaitTimeSeconds). They are woken by the event that makes a
 * message receivable (a send, the end of a delay or of a visibility timeout), never by polling,
 * and answered in arrival order; the wake-up runs once per tick so that a batch of sends reaches
 * one receiver together.
 */
export class Waiters {
  private readonly waiting = new Set<Waiter>();
  private scheduled = false;

  constructor(private readonly queue: Receivable) {}

  get size(): number {
    return this.waiting.size;
  }

  /**
   * Waits up to `waitMs` for messages. `signal` aborts the wait (the client went away); the
   * promise then resolves with no messages.
   */
  wait(max: number, visibilityTimeout: number | undefined, waitMs: number, signal?: AbortSignal): Promise<StoredMessage[]> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        max,
        visibilityTimeout,
        timer: setTimeout(() => finish([]), waitMs),
        signal,
        done: (messages) => finish(messages),
      };
      const onAbort = () => finish([]);
      const finish = (messages: StoredMessage[]) => {
        clearTimeout(waiter.timer);
        this.waiting.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
        resolve(messages);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.add(waiter);
    });
  }

  /** Something became receivable: serve waiting receivers at the end of this tick (a batch of sends reaches one receiver together). */
  wake(): void {
    if (this.scheduled || this.waiting.size === 0) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.serve();
    });
  }

  /** Answers every waiting receiver at once with no messages. */
  closeAll(): void {
    for (const waiter of [...this.waiting]) waiter.done([]);
  }

  private serve(): void {
    for (const waiter of this.waiting) {
      // A receiver whose client hung up is never handed messages it will not read.
      if (waiter.signal?.aborted) continue;
      if (!this.queue.visible.hasDeliverable()) return;
      const messages = this.queue.receive(waiter.max, waiter.visibilityTimeout ?? this.queue.setting('VisibilityTimeout'));
      if (messages.length === 0) return;
      waiter.done(messages);
    }
  }
}

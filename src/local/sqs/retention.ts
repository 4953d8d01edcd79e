import type { StoredMessage } from './message';
import type { Scheduler, Timed } from './scheduler';

/** The part of a queue its retention deadline looks at. */
export interface Retained {
  readonly messages: Map<string, StoredMessage>;
  setting(name: 'MessageRetentionPeriod'): number;
  forget(message: StoredMessage): void;
}

/**
 * MessageRetentionPeriod of one queue: a single scheduler entry due when the oldest message
 * ages out. Messages are kept in sending order, so expiring looks only at the oldest ones.
 */
export class Retention implements Timed {
  heapIndex = -1;

  constructor(
    private readonly queue: Retained,
    private readonly scheduler: Scheduler,
  ) {}

  /** Makes sure a deadline is set once the queue holds messages. */
  watch(): void {
    if (this.heapIndex < 0) this.reschedule();
  }

  /** Sets the deadline from the oldest message (after a send, an expiry or a new retention period). */
  reschedule(): void {
    const oldest = this.queue.messages.values().next().value as StoredMessage | undefined;
    if (!oldest) return this.scheduler.cancel(this);
    this.scheduler.schedule(this, oldest.sentAt + this.periodMs());
  }

  cancel(): void {
    this.scheduler.cancel(this);
  }

  /** Whether a message has outlived the retention period. */
  expired(message: StoredMessage, now: number): boolean {
    return now - message.sentAt >= this.periodMs();
  }

  fire(now: number): void {
    for (const message of this.queue.messages.values()) {
      if (!this.expired(message, now)) break;
      this.queue.forget(message);
    }
    this.reschedule();
  }

  private periodMs(): number {
    return this.queue.setting('MessageRetentionPeriod') * 1000;
  }
}

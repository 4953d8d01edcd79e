import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '../logger';

/** SQS takes at most 10 entries per batch call. */
const BATCH = 10;

interface Pending {
  handle: string;
  visibility?: number;
}

/**
 * Collects the deletes (acks) and visibility changes of one queue and sends them in batches of
 * up to 10: one SQS request per ten messages instead of one each. A batch goes out when it is
 * full or `delayMs` after its first entry; `flush()` sends everything now (shutdown).
 */
export class AckBatcher {
  private deletes: Pending[] = [];
  private changes: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly logger: Logger,
    private readonly delayMs = 10,
  ) {}

  /** Deletes the message (it reached its subscriber). */
  delete(handle: string): void {
    this.deletes.push({ handle });
    this.schedule(this.deletes.length);
  }

  /** Sets the message's visibility timeout: 0 gives it back to the queue at once. */
  changeVisibility(handle: string, visibility: number): void {
    this.changes.push({ handle, visibility });
    this.schedule(this.changes.length);
  }

  /** Sends everything pending and waits for it. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.deletes.length || this.changes.length) this.send();
    await Promise.all([...this.inFlight]);
  }

  private schedule(size: number): void {
    if (size >= BATCH) {
      this.send();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      while (this.deletes.length || this.changes.length) this.send();
    }, this.delayMs);
  }

  private send(): void {
    const deletes = this.deletes.splice(0, BATCH);
    const changes = this.changes.splice(0, BATCH);
    if (deletes.length) this.track(this.sendDeletes(deletes));
    if (changes.length) this.track(this.sendChanges(changes));
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async sendDeletes(entries: Pending[]): Promise<void> {
    try {
      const out = await this.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries.map((e, i) => ({ Id: String(i), ReceiptHandle: e.handle })) }),
      );
      if (out.Failed?.length) this.logger.warn({ queueUrl: this.queueUrl, failed: out.Failed }, 'some acknowledged messages could not be deleted; they will be delivered again');
    } catch (err) {
      // The messages reappear after their visibility timeout and are delivered again: at least once.
      this.logger.warn({ err, queueUrl: this.queueUrl, count: entries.length }, 'deleting delivered messages failed');
    }
  }

  private async sendChanges(entries: Pending[]): Promise<void> {
    try {
      await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: entries.map((e, i) => ({ Id: String(i), ReceiptHandle: e.handle, VisibilityTimeout: e.visibility })),
        }),
      );
    } catch (err) {
      // Not fatal: the messages come back when their visibility timeout ends.
      this.logger.warn({ err, queueUrl: this.queueUrl, count: entries.length }, 'changing message visibility failed');
    }
  }
}

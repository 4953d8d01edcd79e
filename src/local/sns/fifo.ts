import { createHash } from 'node:crypto';
import type { Topic } from './state';

/** SNS FIFO topics drop a message whose deduplication id was seen in the last five minutes. */
export const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

interface Seen {
  messageId: string;
  sequenceNumber: string;
  until: number;
}

/** The deduplication ids of FIFO topics within the window, and their sequence numbers. */
export class FifoLedger {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The earlier publish of this id when it is still within the window. */
  duplicateOf(topicArn: string, deduplicationId: string): Seen | undefined {
    this.expire();
    return this.seen.get(`${topicArn}\n${deduplicationId}`);
  }

  remember(topicArn: string, deduplicationId: string, messageId: string, sequenceNumber: string): void {
    this.seen.set(`${topicArn}\n${deduplicationId}`, { messageId, sequenceNumber, until: this.now() + DEDUPLICATION_WINDOW_MS });
  }

  private expire(): void {
    const now = this.now();
    for (const [key, entry] of this.seen) if (entry.until <= now) this.seen.delete(key);
  }
}

/** The next sequence number of a FIFO topic: 20 digits, increasing per message, as AWS shows them. */
export function nextSequenceNumber(topic: Topic): string {
  const next = BigInt(topic.sequence) + 1n;
  topic.sequence = next.toString();
  return (10n ** 19n + next).toString();
}

/** The deduplication id content-based deduplication uses: SHA-256 of the message. */
export function contentDeduplicationId(message: string): string {
  return createHash('sha256').update(message).digest('hex');
}

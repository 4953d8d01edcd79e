import { createHash } from 'node:crypto';
import { errors } from './errors';

/** How long FIFO queues remember a deduplication id (5 minutes). */
export const DEDUP_WINDOW_MS = 5 * 60 * 1000;

interface Seen {
  at: number;
  messageId: string;
  sequence: string;
}

/**
 * The deduplication memory of a FIFO queue: a message whose deduplication id (explicit, or the
 * SHA-256 of its body) was accepted in the last 5 minutes is acknowledged again with the first
 * message's id and not enqueued. Entries are kept in insertion (= time) order, so expiring them
 * only ever looks at the oldest ones.
 */
export class Deduplicator {
  private readonly seen = new Map<string, Seen>();

  /** The earlier message with this key, if it is still within the window. */
  find(key: string, now: number): Seen | undefined {
    this.expire(now);
    return this.seen.get(key);
  }

  remember(key: string, messageId: string, sequence: string, now: number): void {
    this.seen.set(key, { at: now, messageId, sequence });
  }

  clear(): void {
    this.seen.clear();
  }

  /** Entries for persistence, oldest first. */
  entries(): Array<[string, Seen]> {
    return [...this.seen];
  }

  private expire(now: number): void {
    for (const [key, entry] of this.seen) {
      if (now - entry.at < DEDUP_WINDOW_MS) break;
      this.seen.delete(key);
    }
  }
}

/**
 * Checks a message sent to a FIFO queue (a group id, no per-message delay) and gives its
 * deduplication id (explicit, or the SHA-256 of the body with ContentBasedDeduplication) and the
 * key it is remembered under (per message group with DeduplicationScope=messageGroup).
 */
export function fifoIdentity(
  attributes: Record<string, string>,
  message: { body: string; groupId?: string; dedupId?: string },
  delaySeconds: number | undefined,
): { dedupId: string; key: string } {
  if (delaySeconds) throw errors.invalidValue('DelaySeconds', delaySeconds, 'The request include parameter that is not valid for this queue type.');
  if (!message.groupId) throw errors.missingParameter('MessageGroupId');
  let dedupId = message.dedupId;
  if (!dedupId) {
    if (attributes.ContentBasedDeduplication !== 'true') {
      throw errors.invalidParameter('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
    dedupId = createHash('sha256').update(message.body, 'utf8').digest('hex');
  }
  return { dedupId, key: attributes.DeduplicationScope === 'messageGroup' ? `${message.groupId}\n${dedupId}` : dedupId };
}

import { State, type StoredMessage } from './message';
import type { Queue } from './queue';

/** How long a FIFO queue honours a ReceiveRequestAttemptId (the deduplication interval, 5 minutes). */
const ATTEMPT_WINDOW_MS = 5 * 60 * 1000;

interface Attempt {
  at: number;
  messages: StoredMessage[];
  counts: number[];
}

const attemptsByQueue = new WeakMap<Queue, Map<string, Attempt>>();

/**
 * ReceiveMessage with a ReceiveRequestAttemptId on a FIFO queue: a retry within 5 minutes gets
 * the same messages with the same receipt handles (as long as they are still in flight from that
 * receive), and their visibility timeout starts again; otherwise it is a new receive.
 */
export function receiveWithAttempt(queue: Queue, attemptId: string, max: number, visibilityTimeout: number): StoredMessage[] {
  const now = Date.now();
  const attempts = attemptsOf(queue, now);
  const earlier = attempts.get(attemptId);
  if (earlier) {
    const same = earlier.messages.filter((m, i) => m.state === State.Inflight && m.receiveCount === earlier.counts[i]);
    if (same.length > 0) {
      for (const message of same) queue.extendVisibility(message, visibilityTimeout);
      return same;
    }
  }
  const messages = queue.receive(max, visibilityTimeout);
  attempts.set(attemptId, { at: now, messages, counts: messages.map((m) => m.receiveCount) });
  return messages;
}

function attemptsOf(queue: Queue, now: number): Map<string, Attempt> {
  let attempts = attemptsByQueue.get(queue);
  if (!attempts) {
    attempts = new Map();
    attemptsByQueue.set(queue, attempts);
  }
  for (const [id, attempt] of attempts) {
    if (now - attempt.at < ATTEMPT_WINDOW_MS) break;
    attempts.delete(id);
  }
  return attempts;
}

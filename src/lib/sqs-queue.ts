import { ValidationError, type FieldError } from '../errors';
import type { CreateQueueInput } from '../types/queue.input';
import type { QueueAttributes } from '../types/queue.type';
import { checkRegion, queueAccountOf, queueNameOf } from './arn';

/** SQS's largest message (body plus attributes) and largest SendMessageBatch payload: 1 MiB. */
export const MAX_MESSAGE_BYTES = 1_048_576;

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/** Whether a queue name is one AWS accepts (standard, or FIFO with its suffix). */
export function isQueueName(name: string): boolean {
  return NAME.test(name) || FIFO_NAME.test(name);
}

export function isFifoName(name: string): boolean {
  return name.endsWith('.fifo');
}

/** A queue a client named: its name, and its account when the reference (a URL or ARN) gives one. */
export interface QueueRef {
  name: string;
  accountId?: string;
}

/**
 * The queue a client's reference (name, URL or ARN) stands for; BAD_USER_INPUT naming `field` when
 * it can't be a queue, or is one of another region than `region`.
 */
export function queueRefFrom(ref: string, field: string, region: string): QueueRef {
  const trimmed = ref.trim();
  const name = queueNameOf(trimmed);
  if (!isQueueName(name)) {
    throw ValidationError.of(field, `${field} must be a queue name (1-80 characters of A-Z a-z 0-9 _ -, FIFO names ending in .fifo), a queue URL or a queue ARN`);
  }
  checkRegion(trimmed, field, region, 'queue');
  const accountId = queueAccountOf(trimmed);
  return accountId ? { name, accountId } : { name };
}

/** The name createQueue creates: `.fifo` appended to a FIFO name without it; a `.fifo` name must be asked as FIFO. */
export function createQueueName(input: Pick<CreateQueueInput, 'name' | 'fifo'>): string {
  const fifo = input.fifo ?? false;
  if (!fifo && isFifoName(input.name)) throw ValidationError.of('name', 'name ends with .fifo, which only FIFO queues may; pass fifo: true or drop the suffix');
  const name = fifo && !isFifoName(input.name) ? `${input.name}.fifo` : input.name;
  if (!isQueueName(name)) throw ValidationError.of('name', `name ${name} is longer than 80 characters`);
  return name;
}

/** Cross-field rules of createQueue that the decorators on CreateQueueInput can't express. */
export function createQueueProblems(input: CreateQueueInput): FieldError[] {
  if (!input.fifo && input.contentBasedDeduplication) {
    return [{ field: 'contentBasedDeduplication', message: 'contentBasedDeduplication applies to FIFO queues only' }];
  }
  return [];
}

/** The CreateQueue Attributes for an input whose dead-letter queue resolved to `deadLetterArn`. */
export function createQueueAttributes(input: CreateQueueInput, deadLetterArn?: string): Record<string, string> {
  const attributes: Record<string, string> = {
    VisibilityTimeout: String(input.visibilityTimeout ?? 30),
    MessageRetentionPeriod: String(input.messageRetentionPeriod ?? 345600),
    DelaySeconds: String(input.delaySeconds ?? 0),
    ReceiveMessageWaitTimeSeconds: String(input.receiveMessageWaitTimeSeconds ?? 0),
  };
  if (input.fifo) attributes.FifoQueue = 'true';
  if (input.fifo && input.contentBasedDeduplication != null) attributes.ContentBasedDeduplication = String(input.contentBasedDeduplication);
  if (deadLetterArn && input.deadLetter) {
    attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: input.deadLetter.maxReceiveCount });
  }
  return attributes;
}

function int(value: string | undefined, fallback = 0): number {
  const n = Number(value);
  return value === undefined || value === '' || !Number.isFinite(n) ? fallback : Math.trunc(n);
}

function redriveOf(policy: string | undefined): { deadLetterTargetArn: string | null; maxReceiveCount: number | null } {
  if (!policy) return { deadLetterTargetArn: null, maxReceiveCount: null };
  try {
    const parsed = JSON.parse(policy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    return { deadLetterTargetArn: parsed.deadLetterTargetArn ?? null, maxReceiveCount: parsed.maxReceiveCount === undefined ? null : int(String(parsed.maxReceiveCount)) };
  } catch {
    return { deadLetterTargetArn: null, maxReceiveCount: null };
  }
}

/** A queue's identity and attributes from GetQueueAttributes(All). */
export function parseQueueAttributes(raw: Record<string, string>): { arn: string; fifo: boolean; attributes: QueueAttributes } {
  const fifo = raw.FifoQueue === 'true';
  // CreatedTimestamp is epoch seconds (moto adds a fraction).
  const created = raw.CreatedTimestamp ? new Date(Math.round(Number(raw.CreatedTimestamp) * 1000)) : null;
  return {
    arn: raw.QueueArn ?? '',
    fifo,
    attributes: {
      visibilityTimeout: int(raw.VisibilityTimeout, 30),
      messageRetentionPeriod: int(raw.MessageRetentionPeriod, 345600),
      delaySeconds: int(raw.DelaySeconds),
      receiveMessageWaitTimeSeconds: int(raw.ReceiveMessageWaitTimeSeconds),
      maximumMessageSize: int(raw.MaximumMessageSize, MAX_MESSAGE_BYTES),
      approximateNumberOfMessages: int(raw.ApproximateNumberOfMessages),
      approximateNumberOfMessagesNotVisible: int(raw.ApproximateNumberOfMessagesNotVisible),
      approximateNumberOfMessagesDelayed: int(raw.ApproximateNumberOfMessagesDelayed),
      contentBasedDeduplication: fifo ? raw.ContentBasedDeduplication === 'true' : null,
      ...redriveOf(raw.RedrivePolicy),
      createdAt: created && !Number.isNaN(created.getTime()) ? created : null,
    },
  };
}

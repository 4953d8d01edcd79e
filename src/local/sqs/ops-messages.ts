import { randomUUID } from 'node:crypto';
import { receiveWithAttempt } from './attempts';
import { errors, SqsError } from './errors';
import { md5OfAttributes, md5OfBody } from './md5';
import { queueOf } from './ops-queues';
import type { Draft, Queue } from './queue';
import { renderMessage, selectionOf } from './render';
import type { BatchFailure, BatchInput, MessageFields, OpContext, Operation, ReceiveInput } from './types';
import { hasValidCharacters, messageSize, validateBatchIds, validateFifoId, validateMessageAttributes, validateSystemAttributes } from './validate';

/** Largest SendMessageBatch, all bodies and attributes together (1 MiB). */
const MAX_BATCH_BYTES = 1_048_576;

export const messageOperations: Record<string, Operation> = {
  SendMessage(input, ctx) {
    const queue = queueOf(input, ctx);
    return sendOne(queue, input as unknown as MessageFields, ctx, false);
  },

  SendMessageBatch(input, ctx) {
    const queue = queueOf(input, ctx);
    const entries = (input as unknown as BatchInput<MessageFields>).Entries ?? [];
    validateBatchIds(entries, 'SendMessageBatchRequestEntry');
    if (queue.fifo) checkFifoBatch(queue, entries);
    const total = entries.reduce((sum, e) => sum + messageSize(e.MessageBody, e.MessageAttributes), 0);
    if (total > MAX_BATCH_BYTES) throw errors.batchTooLong(MAX_BATCH_BYTES, total);
    return batch(entries, (entry) => ({ Id: entry.Id, ...sendOne(queue, entry, ctx, true) }));
  },

  async ReceiveMessage(input, ctx) {
    const queue = queueOf(input, ctx);
    const request = input as unknown as ReceiveInput;
    const { max, wait } = receiveLimits(queue, request);
    const visibility = () => request.VisibilityTimeout ?? queue.setting('VisibilityTimeout');
    const attemptId = queue.fifo ? request.ReceiveRequestAttemptId : undefined;
    if (attemptId !== undefined) validateFifoId('ReceiveRequestAttemptId', attemptId);
    let messages = attemptId !== undefined ? receiveWithAttempt(queue, attemptId, max, visibility()) : queue.receive(max, visibility());
    if (messages.length === 0 && wait > 0) messages = await queue.waiters.wait(max, request.VisibilityTimeout, wait * 1000, ctx.signal);
    if (messages.length === 0) return {};
    const selection = selectionOf(request.AttributeNames, request.MessageSystemAttributeNames, request.MessageAttributeNames);
    return { Messages: messages.map((m) => renderMessage(m, queue.receiptOf(m), selection)) };
  },

  DeleteMessage(input, ctx) {
    queueOf(input, ctx).deleteMessage((input as { ReceiptHandle: string }).ReceiptHandle);
    return undefined;
  },

  DeleteMessageBatch(input, ctx) {
    const queue = queueOf(input, ctx);
    const entries = (input as unknown as BatchInput<{ ReceiptHandle: string }>).Entries ?? [];
    validateBatchIds(entries, 'DeleteMessageBatchRequestEntry');
    return batch(entries, (entry) => {
      queue.deleteMessage(entry.ReceiptHandle);
      return { Id: entry.Id };
    });
  },

  ChangeMessageVisibility(input, ctx) {
    const queue = queueOf(input, ctx);
    const { ReceiptHandle, VisibilityTimeout } = input as { ReceiptHandle: string; VisibilityTimeout: number };
    queue.changeVisibility(ReceiptHandle, checkVisibility(VisibilityTimeout));
    return undefined;
  },

  ChangeMessageVisibilityBatch(input, ctx) {
    const queue = queueOf(input, ctx);
    const entries = (input as unknown as BatchInput<{ ReceiptHandle: string; VisibilityTimeout?: number }>).Entries ?? [];
    validateBatchIds(entries, 'ChangeMessageVisibilityBatchRequestEntry');
    return batch(entries, (entry) => {
      if (entry.VisibilityTimeout === undefined) throw errors.missingParameter('VisibilityTimeout');
      queue.changeVisibility(entry.ReceiptHandle, checkVisibility(entry.VisibilityTimeout));
      return { Id: entry.Id };
    });
  },
};

/** Validates and enqueues one message; the response fields of SendMessage. */
export function sendOne(queue: Queue, fields: MessageFields, ctx: Pick<OpContext, 'senderId' | 'traceHeader'>, inBatch: boolean): Record<string, unknown> {
  const draft = draftOf(queue, fields, ctx, inBatch);
  const { id, sequence } = queue.send(draft, fields.DelaySeconds);
  return { MessageId: id, MD5OfMessageBody: draft.md5, MD5OfMessageAttributes: draft.md5Attributes, MD5OfMessageSystemAttributes: draft.md5System, SequenceNumber: sequence };
}

/** Checks a message against SendMessage's rules and the queue's size limit. */
function draftOf(queue: Queue, fields: MessageFields, ctx: Pick<OpContext, 'senderId' | 'traceHeader'>, inBatch: boolean): Draft {
  const { MessageBody: body, DelaySeconds, MessageAttributes, MessageSystemAttributes, MessageGroupId, MessageDeduplicationId } = fields;
  if (!body) throw errors.missingParameter('MessageBody');
  if (!hasValidCharacters(body)) throw errors.invalidMessageContents();
  if (DelaySeconds !== undefined && (DelaySeconds < 0 || DelaySeconds > 900)) throw errors.invalidValue('DelaySeconds', DelaySeconds, 'DelaySeconds must be >= 0 and <= 900.');
  if (MessageAttributes) validateMessageAttributes(MessageAttributes);
  const max = queue.setting('MaximumMessageSize');
  if (messageSize(body, MessageAttributes) > max) {
    throw errors.invalidParameter(`One or more parameters ${inBatch ? 'cannot be validated' : 'are invalid'}. Reason: Message must be shorter than ${max} bytes.`);
  }
  const traceHeader = MessageSystemAttributes ? validateSystemAttributes(MessageSystemAttributes) : ctx.traceHeader;
  if (MessageGroupId !== undefined) validateFifoId('MessageGroupId', MessageGroupId);
  if (MessageDeduplicationId !== undefined) validateFifoId('MessageDeduplicationId', MessageDeduplicationId);
  const attributes = MessageAttributes && Object.keys(MessageAttributes).length ? MessageAttributes : undefined;
  return {
    id: randomUUID(),
    body,
    md5: md5OfBody(body),
    attributes,
    md5Attributes: md5OfAttributes(attributes),
    traceHeader,
    md5System: md5OfAttributes(MessageSystemAttributes),
    senderId: ctx.senderId,
    groupId: MessageGroupId,
    dedupId: MessageDeduplicationId,
  };
}

/** FIFO batches are refused as a whole when an entry lacks its group or deduplication id. */
function checkFifoBatch(queue: Queue, entries: MessageFields[]): void {
  for (const entry of entries) {
    if (!entry.MessageGroupId) throw errors.invalidParameter('The request must contain the parameter MessageGroupId.');
    if (!entry.MessageDeduplicationId && queue.attributes.ContentBasedDeduplication !== 'true') {
      throw errors.invalidParameter('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
  }
}

/** Runs every entry; SQS errors of an entry become its Failed record, the others still run. */
function batch<T extends { Id: string }>(entries: T[], run: (entry: T) => Record<string, unknown>): Record<string, unknown> {
  const Successful: Array<Record<string, unknown>> = [];
  const Failed: BatchFailure[] = [];
  for (const entry of entries) {
    try {
      Successful.push(run(entry));
    } catch (err) {
      if (!(err instanceof SqsError)) throw err;
      Failed.push({ Id: entry.Id, SenderFault: err.senderFault, Code: err.code, Message: err.message });
    }
  }
  return { Successful, Failed };
}

function receiveLimits(queue: Queue, request: ReceiveInput): { max: number; wait: number } {
  const max = request.MaxNumberOfMessages ?? 1;
  if (max < 1 || max > 10) throw errors.invalidValue('MaxNumberOfMessages', max, 'Must be between 1 and 10, if provided.');
  const wait = request.WaitTimeSeconds ?? queue.setting('ReceiveMessageWaitTimeSeconds');
  if (wait < 0 || wait > 20) throw errors.invalidValue('WaitTimeSeconds', wait, 'Must be >= 0 and <= 20, if provided.');
  if (request.VisibilityTimeout !== undefined) checkVisibility(request.VisibilityTimeout);
  return { max, wait };
}

function checkVisibility(timeout: number): number {
  if (timeout < 0 || timeout > 43200) throw errors.invalidValue('VisibilityTimeout', timeout, 'Must be >= 0 and <= 43200, if provided.');
  return timeout;
}

import { SendMessageBatchCommand, type SendMessageBatchResultEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { chunkBatches } from '../lib/batch';
import { MAX_MESSAGE_BYTES } from '../lib/sqs-queue';
import type { SendEntry } from '../lib/sqs-send';
import type { BatchFailure } from '../types/batch.type';
import type { SendMessageResult } from '../types/queue.type';
import { sendEntryBatches, type IndexedEntry as Indexed } from './entry-batches';
import { sqsError } from './sqs-errors';

/** One valid entry of sendMessages, by its position in the client's list. */
export type IndexedEntry = Indexed<SendEntry>;

export interface BatchOutcome {
  sent: Array<{ index: number; result: SendMessageResult }>;
  failed: BatchFailure[];
}

/**
 * Sends entries with SendMessageBatch, 10 (and at most 1 MiB) at a time, in order (FIFO order
 * holds across batches). Entry Ids are the client's indexes, so every result and failure maps
 * back to its entry; only entries SQS listed as Successful are reported sent. A queue that is
 * gone before anything was sent is the whole call's error.
 */
export async function sendInBatches(sqs: SQSClient, queueUrl: string, queue: string, entries: readonly IndexedEntry[]): Promise<BatchOutcome> {
  const { succeeded, failed } = await sendEntryBatches(chunkBatches(entries, (e) => e.size, 10, MAX_MESSAGE_BYTES), {
    service: 'SQS',
    verb: 'send',
    send: async (batch) => await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch })),
    result: (ok: SendMessageBatchResultEntry): SendMessageResult => ({ messageId: ok.MessageId ?? '', sequenceNumber: ok.SequenceNumber ?? null, md5OfBody: ok.MD5OfMessageBody ?? '' }),
    mapError: (err) => sqsError(err, { what: 'sendMessages', queue, field: 'entries' }),
  });
  return { sent: succeeded, failed };
}

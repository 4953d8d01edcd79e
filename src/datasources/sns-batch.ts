import { PublishBatchCommand, type PublishBatchRequestEntry, type PublishBatchResultEntry, type SNSClient } from '@aws-sdk/client-sns';
import { NotFoundError } from '../errors';
import type { BatchFailure } from '../types/batch.type';
import type { PublishResult } from '../types/topic.type';
import { sendEntryBatches, type IndexedEntry } from './entry-batches';
import { publishChunks } from './sns-messages';
import { snsError } from './topic-refs';

/** One valid entry of publishBatch, by its position in the client's list. */
export type IndexedPublish = IndexedEntry<Omit<PublishBatchRequestEntry, 'Id'>>;

export interface PublishOutcome {
  published: Array<{ index: number; result: PublishResult }>;
  failed: BatchFailure[];
}

/**
 * Publishes entries with PublishBatch, 10 (and at most 256 KB) at a time: in order with one call
 * in flight (the default; what a FIFO topic needs), or `concurrency` calls in flight where order
 * does not matter. Entry Ids are the client's indexes, so every result maps back to its entry. A
 * call that fails as a whole fails the mutation when the topic is gone before anything was
 * published; otherwise its entries are reported failed and the next batch is tried.
 */
export async function publishInBatches(sns: SNSClient, topicArn: string, topic: string, entries: readonly IndexedPublish[], concurrency = 1): Promise<PublishOutcome> {
  const { succeeded, failed } = await sendEntryBatches(publishChunks(entries, (e) => e.size), {
    service: 'SNS',
    verb: 'publish',
    send: async (batch) => await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: batch })),
    result: (ok: PublishBatchResultEntry): PublishResult => ({ messageId: ok.MessageId ?? '', sequenceNumber: ok.SequenceNumber ?? null }),
    mapError: (err) => snsError(err, { notFound: () => new NotFoundError(`Topic ${topic} does not exist`), field: 'entries', action: `publish to ${topic}` }),
    concurrency,
  });
  return { published: succeeded, failed };
}

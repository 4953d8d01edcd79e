import { PublishBatchCommand, type BatchResultErrorEntry, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { AppError, NotFoundError } from '../errors';
import { backoffDelay, sleep } from '../lib/retry';
import type { BatchFailure } from '../types/batch.type';
import type { PublishResult } from '../types/topic.type';
import { publishChunks } from './sns-messages';
import { snsError } from './topic-refs';

/** One valid entry of publishBatch, by its position in the client's list. */
export interface IndexedPublish {
  index: number;
  entry: Omit<PublishBatchRequestEntry, 'Id'>;
  size: number;
}

export interface PublishOutcome {
  published: Array<{ index: number; result: PublishResult }>;
  failed: BatchFailure[];
}

/** Retries of entries that failed on AWS's side (not the sender's), as AWS recommends. */
const ENTRY_RETRIES = 2;

function failureOf(index: number, f: BatchResultErrorEntry): BatchFailure {
  const code = f.SenderFault ? 'BAD_USER_INPUT' : /thrott/i.test(f.Code ?? '') ? 'THROTTLED' : 'UPSTREAM_UNAVAILABLE';
  return { index, id: null, code, message: `${f.Code ?? 'Error'}: ${f.Message ?? 'SNS did not publish this entry'}` };
}

/**
 * Publishes entries with PublishBatch, 10 (and at most 256 KB) at a time: in order with one call
 * in flight (the default; what a FIFO topic needs), or `concurrency` calls in flight where order
 * does not matter. Entry Ids are the client's indexes, so every result maps back to its entry. A
 * call that fails as a whole fails the mutation when the topic is gone before anything was
 * published; otherwise its entries are reported failed and the next batch is tried.
 */
export async function publishInBatches(sns: SNSClient, topicArn: string, topic: string, entries: readonly IndexedPublish[], concurrency = 1): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { published: [], failed: [] };
  const batches = publishChunks(entries, (e) => e.size);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] as IndexedPublish[];
      try {
        await publishBatch(sns, topicArn, batch, outcome);
      } catch (err) {
        const mapped = snsError(err, { notFound: () => new NotFoundError(`Topic ${topic} does not exist`), field: 'entries', action: `publish to ${topic}` });
        if (mapped instanceof NotFoundError && outcome.published.length === 0) throw mapped;
        const code = mapped instanceof AppError ? mapped.code : 'INTERNAL_SERVER_ERROR';
        const message = mapped instanceof AppError ? mapped.message : 'SNS failed to take this batch';
        outcome.failed.push(...batch.map((e) => ({ index: e.index, id: null, code, message })));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, batches.length)) }, worker));
  outcome.published.sort((a, b) => a.index - b.index);
  outcome.failed.sort((a, b) => a.index - b.index);
  return outcome;
}

async function publishBatch(sns: SNSClient, topicArn: string, batch: IndexedPublish[], outcome: PublishOutcome): Promise<void> {
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const out = await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: pending.map((e) => ({ Id: String(e.index), ...e.entry })) }));
    for (const ok of out.Successful ?? []) {
      outcome.published.push({ index: Number(ok.Id), result: { messageId: ok.MessageId ?? '', sequenceNumber: ok.SequenceNumber ?? null } });
    }
    const answered = new Set((out.Successful ?? []).map((ok) => Number(ok.Id)));
    const retry = new Set<number>();
    for (const f of out.Failed ?? []) {
      const index = Number(f.Id);
      answered.add(index);
      if (!f.SenderFault && attempt <= ENTRY_RETRIES) retry.add(index);
      else outcome.failed.push(failureOf(index, f));
    }
    // An entry SNS left out of both lists is not known to be published, so it is not reported published.
    for (const e of pending) if (!answered.has(e.index)) outcome.failed.push(failureOf(e.index, { Id: String(e.index), SenderFault: false, Code: 'MissingResult', Message: 'SNS did not report this entry' }));
    pending = pending.filter((e) => retry.has(e.index));
    if (pending.length > 0) await sleep(backoffDelay(attempt));
  }
}

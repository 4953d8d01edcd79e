import { SendMessageBatchCommand, type BatchResultErrorEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { AppError, NotFoundError } from '../errors';
import { chunkBatches } from '../lib/batch';
import { backoffDelay, sleep } from '../lib/retry';
import { MAX_MESSAGE_BYTES } from '../lib/sqs-queue';
import type { SendEntry } from '../lib/sqs-send';
import type { BatchFailure } from '../types/batch.type';
import type { SendMessageResult } from '../types/queue.type';
import { sqsError } from './sqs-errors';

/** One valid entry of sendMessages, by its position in the client's list. */
export interface IndexedEntry {
  index: number;
  entry: SendEntry;
  size: number;
}

export interface BatchOutcome {
  sent: Array<{ index: number; result: SendMessageResult }>;
  failed: BatchFailure[];
}

/** Retries of entries that failed on AWS's side (not the sender's), as AWS recommends. */
const ENTRY_RETRIES = 2;

function failureOf(index: number, f: BatchResultErrorEntry): BatchFailure {
  const code = f.SenderFault ? 'BAD_USER_INPUT' : /thrott/i.test(f.Code ?? '') ? 'THROTTLED' : 'UPSTREAM_UNAVAILABLE';
  return { index, id: null, code, message: `${f.Code ?? 'Error'}: ${f.Message ?? 'SQS did not send this entry'}` };
}

/**
 * Sends entries with SendMessageBatch, 10 (and at most 1 MiB) at a time, in order (FIFO order
 * holds across batches). Entry Ids are the client's indexes, so every result and failure maps
 * back to its entry; only entries SQS listed as Successful are reported sent.
 */
export async function sendInBatches(sqs: SQSClient, queueUrl: string, queue: string, entries: readonly IndexedEntry[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { sent: [], failed: [] };
  for (const batch of chunkBatches(entries, (e) => e.size, 10, MAX_MESSAGE_BYTES)) {
    try {
      await sendBatch(sqs, queueUrl, batch, outcome);
    } catch (err) {
      const mapped = sqsError(err, { what: 'sendMessages', queue, field: 'entries' });
      // A queue that is gone before anything was sent is the whole call's error.
      if (mapped instanceof NotFoundError && outcome.sent.length === 0) throw mapped;
      const code = mapped instanceof AppError ? mapped.code : 'INTERNAL_SERVER_ERROR';
      const message = mapped instanceof AppError ? mapped.message : 'SQS failed to take this batch';
      outcome.failed.push(...batch.map((e) => ({ index: e.index, id: null, code, message })));
    }
  }
  outcome.failed.sort((a, b) => a.index - b.index);
  return outcome;
}

async function sendBatch(sqs: SQSClient, queueUrl: string, batch: IndexedEntry[], outcome: BatchOutcome): Promise<void> {
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((e) => ({ Id: String(e.index), ...e.entry })) }));
    for (const ok of out.Successful ?? []) {
      outcome.sent.push({ index: Number(ok.Id), result: { messageId: ok.MessageId ?? '', sequenceNumber: ok.SequenceNumber ?? null, md5OfBody: ok.MD5OfMessageBody ?? '' } });
    }
    const answered = new Set((out.Successful ?? []).map((ok) => Number(ok.Id)));
    const retry = new Set<number>();
    for (const f of out.Failed ?? []) {
      const index = Number(f.Id);
      answered.add(index);
      if (!f.SenderFault && attempt <= ENTRY_RETRIES) retry.add(index);
      else outcome.failed.push(failureOf(index, f));
    }
    // An entry SQS left out of both lists is not known to be sent, so it is not reported sent.
    for (const e of pending) if (!answered.has(e.index)) outcome.failed.push(failureOf(e.index, { Id: String(e.index), SenderFault: false, Code: 'MissingResult', Message: 'SQS did not report this entry' }));
    pending = pending.filter((e) => retry.has(e.index));
    if (pending.length > 0) await sleep(backoffDelay(attempt));
  }
  outcome.sent.sort((a, b) => a.index - b.index);
}

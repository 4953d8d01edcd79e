import { AppError, NotFoundError } from '../errors';
import { backoffDelay, sleep } from '../lib/retry';
import type { BatchFailure } from '../types/batch.type';

/** One valid entry of a batch call, by its position in the client's list. */
export interface IndexedEntry<E> {
  index: number;
  entry: E;
  size: number;
}

/** An entry SendMessageBatch or PublishBatch did not take (both SDKs' BatchResultErrorEntry). */
interface EntryError {
  Id?: string;
  SenderFault?: boolean;
  Code?: string;
  Message?: string;
}

/** What SendMessageBatch and PublishBatch answer: each entry by its Id, successful or failed. */
export interface EntryBatchReply<OK extends { Id?: string }> {
  Successful?: OK[];
  Failed?: EntryError[];
}

export interface EntryBatchOutcome<R> {
  succeeded: Array<{ index: number; result: R }>;
  failed: BatchFailure[];
}

/** How one service (SQS SendMessageBatch, SNS PublishBatch) takes a batch of entries. */
export interface EntryBatchCall<E, OK extends { Id?: string }, R> {
  /** 'SQS' or 'SNS', and what it does to an entry ('send', 'publish'): for failure messages. */
  service: string;
  verb: string;
  /** Makes one batch call; entry Ids are the client's indexes. */
  send: (entries: Array<E & { Id: string }>) => Promise<EntryBatchReply<OK>>;
  result: (ok: OK) => R;
  /** Maps an error of a whole call to the API's errors (AppError) where it can. */
  mapError: (err: unknown) => unknown;
  /** Calls in flight at once: 1 keeps the batches in order (what FIFO needs). */
  concurrency?: number;
}

/** Retries of entries that failed on AWS's side (not the sender's), as AWS recommends. */
const ENTRY_RETRIES = 2;

function failureOf(index: number, f: EntryError, fallback: string): BatchFailure {
  const code = f.SenderFault ? 'BAD_USER_INPUT' : /thrott/i.test(f.Code ?? '') ? 'THROTTLED' : 'UPSTREAM_UNAVAILABLE';
  return { index, id: null, code, message: `${f.Code ?? 'Error'}: ${f.Message ?? fallback}` };
}

/**
 * Sends batches of entries (already chunked to the service's limits). Every result and failure
 * maps back to its entry by index; only entries the service listed as Successful count as done.
 * A call that fails as a whole fails everything when the target is gone (NotFoundError) before
 * anything was done; otherwise its entries are reported failed and the next batch is tried.
 */
export async function sendEntryBatches<E, OK extends { Id?: string }, R>(batches: ReadonlyArray<Array<IndexedEntry<E>>>, call: EntryBatchCall<E, OK, R>): Promise<EntryBatchOutcome<R>> {
  const outcome: EntryBatchOutcome<R> = { succeeded: [], failed: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] as Array<IndexedEntry<E>>;
      try {
        await sendBatch(batch, call, outcome);
      } catch (err) {
        const mapped = call.mapError(err);
        if (mapped instanceof NotFoundError && outcome.succeeded.length === 0) throw mapped;
        const code = mapped instanceof AppError ? mapped.code : 'INTERNAL_SERVER_ERROR';
        const message = mapped instanceof AppError ? mapped.message : `${call.service} failed to take this batch`;
        outcome.failed.push(...batch.map((e) => ({ index: e.index, id: null, code, message })));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(call.concurrency ?? 1, batches.length)) }, worker));
  outcome.succeeded.sort((a, b) => a.index - b.index);
  outcome.failed.sort((a, b) => a.index - b.index);
  return outcome;
}

async function sendBatch<E, OK extends { Id?: string }, R>(batch: Array<IndexedEntry<E>>, call: EntryBatchCall<E, OK, R>, outcome: EntryBatchOutcome<R>): Promise<void> {
  const notDone = `${call.service} did not ${call.verb} this entry`;
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const out = await call.send(pending.map((e) => ({ Id: String(e.index), ...e.entry })));
    for (const ok of out.Successful ?? []) outcome.succeeded.push({ index: Number(ok.Id), result: call.result(ok) });
    const answered = new Set((out.Successful ?? []).map((ok) => Number(ok.Id)));
    const retry = new Set<number>();
    for (const f of out.Failed ?? []) {
      const index = Number(f.Id);
      answered.add(index);
      if (!f.SenderFault && attempt <= ENTRY_RETRIES) retry.add(index);
      else outcome.failed.push(failureOf(index, f, notDone));
    }
    // An entry left out of both lists is not known to be done, so it is not reported done.
    const missing = { SenderFault: false, Code: 'MissingResult', Message: `${call.service} did not report this entry` };
    for (const e of pending) if (!answered.has(e.index)) outcome.failed.push(failureOf(e.index, missing, notDone));
    pending = pending.filter((e) => retry.has(e.index));
    if (pending.length > 0) await sleep(backoffDelay(attempt));
  }
}

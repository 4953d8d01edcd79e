import { BatchWriteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isThrottling, isUnavailable } from '../errors';
import { backoffDelay, sleep } from '../lib/retry';
import type { BatchFailure } from '../types/batch.type';
import { keyText, type Item } from './attribute-values';
import { keyOf } from './table-schema';

/** One item to write, with its position in the client's list and its key as shown in failures. */
export interface BatchEntry {
  index: number;
  id: string;
  item: Item;
}

export interface BatchPutOptions {
  /** BatchWriteItem calls per chunk before its unprocessed items are reported as failed (default 8). */
  maxAttempts: number;
  /** Backoff before retrying unprocessed items: full jitter over base * 2^(attempt-1), capped (defaults 50 ms, 2 s). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Chunks in flight at once (default 4). */
  concurrency: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_BATCH_OPTIONS: BatchPutOptions = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 2000,
  concurrency: 4,
  sleep,
  random: Math.random,
};

/** DynamoDB's limit of requests per BatchWriteItem. */
const CHUNK = 25;

export interface BatchPutResult {
  written: number;
  failed: BatchFailure[];
}

/**
 * Writes entries 25 per BatchWriteItem, retrying unprocessed items with backoff. An entry counts
 * as written only when DynamoDB acknowledged it; when a whole chunk is refused as invalid (one
 * bad item sinks the batch), its entries are written one by one so only the bad ones fail.
 * Keys must be unique across entries (DynamoDB refuses duplicates within a batch).
 */
export async function batchPut(dynamo: DynamoDBClient, table: string, keyNames: readonly string[], entries: BatchEntry[], options: BatchPutOptions): Promise<BatchPutResult> {
  const chunks: BatchEntry[][] = [];
  for (let i = 0; i < entries.length; i += CHUNK) chunks.push(entries.slice(i, i + CHUNK));
  const results: BatchPutResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as BatchEntry[];
      results.push(await putChunk(dynamo, table, keyNames, chunk, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, chunks.length) }, worker));
  const failed = results.flatMap((r) => r.failed).sort((a, b) => a.index - b.index);
  return { written: results.reduce((sum, r) => sum + r.written, 0), failed };
}

async function putChunk(dynamo: DynamoDBClient, table: string, keyNames: readonly string[], chunk: BatchEntry[], options: BatchPutOptions): Promise<BatchPutResult> {
  let pending = chunk;
  let written = 0;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    let unprocessed: Item[];
    try {
      const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending.map((e) => ({ PutRequest: { Item: e.item } })) } }));
      unprocessed = (out.UnprocessedItems?.[table] ?? []).flatMap((r) => (r.PutRequest?.Item ? [r.PutRequest.Item] : []));
    } catch (err) {
      if ((err as Error).name !== 'ValidationException') return { written, failed: pending.map((e) => failure(e, err, table)) };
      const each = await putEach(dynamo, table, pending);
      return { written: written + each.written, failed: each.failed };
    }
    if (!unprocessed.length) return { written: written + pending.length, failed: [] };
    const left = new Set(unprocessed.map((item) => keyText(keyOf(item, keyNames))));
    const remaining = pending.filter((e) => left.has(keyText(keyOf(e.item, keyNames))));
    written += pending.length - remaining.length;
    pending = remaining;
    if (!pending.length) return { written, failed: [] };
    if (attempt < options.maxAttempts) await options.sleep(backoffDelay(attempt, { baseMs: options.baseDelayMs, maxMs: options.maxDelayMs, random: options.random }));
  }
  const message = `not written: DynamoDB left it unprocessed ${options.maxAttempts} times (throughput exceeded); try again`;
  return { written, failed: pending.map((e) => ({ index: e.index, id: e.id, code: 'THROTTLED', message })) };
}

/** The fallback for a refused chunk: each entry on its own, so the failures name the bad items. */
async function putEach(dynamo: DynamoDBClient, table: string, entries: BatchEntry[]): Promise<BatchPutResult> {
  const result: BatchPutResult = { written: 0, failed: [] };
  for (const entry of entries) {
    try {
      await dynamo.send(new PutItemCommand({ TableName: table, Item: entry.item }));
      result.written++;
    } catch (err) {
      result.failed.push(failure(entry, err, table));
    }
  }
  return result;
}

/** An entry that failed with an AWS error, coded as the API codes errors; nothing internal leaks. */
function failure(entry: BatchEntry, err: unknown, table: string): BatchFailure {
  const name = (err as Error)?.name ?? 'Error';
  const base = { index: entry.index, id: entry.id };
  if (name === 'ValidationException') return { ...base, code: 'BAD_USER_INPUT', message: (err as Error).message };
  if (name === 'ResourceNotFoundException') return { ...base, code: 'NOT_FOUND', message: `Table ${table} not found` };
  if (isThrottling(err)) return { ...base, code: 'THROTTLED', message: 'DynamoDB throttled the write; try again' };
  if (isUnavailable(err)) return { ...base, code: 'UPSTREAM_UNAVAILABLE', message: 'DynamoDB could not be reached; the item may or may not have been written' };
  return { ...base, code: 'INTERNAL_SERVER_ERROR', message: `DynamoDB refused the write (${name})` };
}

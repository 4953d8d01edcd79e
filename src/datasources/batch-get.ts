import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ThrottledError } from '../errors';
import { backoffDelay, sleep } from '../lib/retry';

/** BatchGetItem takes at most 100 keys. */
export const BATCH_GET_SIZE = 100;

export interface BatchGetOptions {
  doc: DynamoDBDocumentClient;
  table: string;
  keyName: string;
  /** Rounds of retrying UnprocessedKeys before giving up with THROTTLED (default 8). */
  maxRetries?: number;
  wait?: (ms: number) => Promise<void>;
}

/**
 * Reads items by partition key: one BatchGetItem per 100 distinct keys, UnprocessedKeys retried
 * with full-jitter backoff. Resolves with the items found, by key.
 */
export async function batchGet(ids: readonly string[], options: BatchGetOptions): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, Record<string, unknown>>();
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_SIZE) chunks.push(unique.slice(i, i + BATCH_GET_SIZE));
  await Promise.all(chunks.map((chunk) => readChunk(chunk, options, found)));
  return found;
}

async function readChunk(ids: string[], options: BatchGetOptions, found: Map<string, Record<string, unknown>>): Promise<void> {
  const { doc, table, keyName, maxRetries = 8, wait = sleep } = options;
  let keys: Record<string, unknown>[] = ids.map((id) => ({ [keyName]: id }));
  for (let attempt = 1; keys.length; attempt++) {
    const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
    for (const item of out.Responses?.[table] ?? []) found.set(String(item[keyName]), item);
    keys = out.UnprocessedKeys?.[table]?.Keys ?? [];
    if (!keys.length) return;
    if (attempt > maxRetries) throw new ThrottledError(`DynamoDB left ${keys.length} keys unprocessed after ${maxRetries} retries; try again shortly`);
    await wait(backoffDelay(attempt));
  }
}

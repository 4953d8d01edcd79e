import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { AppError, translateAwsError } from '../errors';
import { backoffDelay, sleep } from '../lib/retry';
import { problemsOf } from '../lib/validate';
import { CreateUserInput } from '../types/user.input';
import { cancellationCodes, createWrites, newUserItem, type NewUser, type UserItem } from './users.records';

/**
 * Users per TransactWriteItems: 25, as a BatchWriteItem would take, so 10,000 users are 400 calls.
 * Each user is two items (user + email claim), 50 of the 100 actions AWS allows; a cancelled call
 * sends its other users again, so a smaller call also repeats less when one user conflicts.
 */
export const USERS_PER_TRANSACTION = 25;
/** Transactions in flight at once. */
export const CONCURRENCY = 4;
/** Cancellation reasons that are worth another try of the same entries. */
const TRANSIENT = new Set(['ThrottlingError', 'TransactionConflict', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

export interface BatchFailureEntry {
  index: number;
  id: string | null;
  code: string;
  message: string;
}

export interface BatchOutcome {
  written: number;
  failed: BatchFailureEntry[];
  /** The users written, for the user.created events. */
  created: UserItem[];
}

export interface BatchOptions {
  doc: DynamoDBDocumentClient;
  tables: Config['tables'];
  /** Retries of entries whose transaction was throttled or conflicted (default 8). */
  maxRetries?: number;
  wait?: (ms: number) => Promise<void>;
}

interface Entry {
  index: number;
  item: UserItem;
}

/**
 * Creates any number of users with the same guarantees as createUser: each user is written
 * together with its email claim, conditionally (id and email must be free), 25 users per
 * TransactWriteItems, 4 transactions in flight. BatchWriteItem can't carry a condition, so it
 * could neither refuse a taken email nor leave an existing user untouched. A cancelled
 * transaction names the entries that conflicted; they are reported and the rest are sent again.
 * Only entries of a transaction that succeeded count as written.
 */
export async function createUsers(inputs: readonly NewUser[], options: BatchOptions): Promise<BatchOutcome> {
  const failed: BatchFailureEntry[] = [];
  const entries = await admit(inputs, failed);
  const chunks: Entry[][] = [];
  for (let i = 0; i < entries.length; i += USERS_PER_TRANSACTION) chunks.push(entries.slice(i, i + USERS_PER_TRANSACTION));
  const created: UserItem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const written = await writeChunk(chunks[next++] as Entry[], options, failed);
      created.push(...written);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
  return { written: created.length, failed: failed.sort((a, b) => a.index - b.index), created };
}

/** Validates every entry and refuses a repeated id or email within the batch; returns the entries to write. */
async function admit(inputs: readonly NewUser[], failed: BatchFailureEntry[]): Promise<Entry[]> {
  const now = new Date().toISOString();
  const ids = new Set<string>();
  const emails = new Set<string>();
  const entries: Entry[] = [];
  for (const [index, input] of inputs.entries()) {
    const problems = await problemsOf(CreateUserInput, input as CreateUserInput);
    const id = input.userId ?? null;
    if (problems.length) {
      failed.push({ index, id, code: 'BAD_USER_INPUT', message: problems.map((p) => `${p.field} ${p.message}`).join('; ') });
      continue;
    }
    const item = newUserItem(input, now);
    if (ids.has(item.user_id) || emails.has(item.email)) {
      const what = ids.has(item.user_id) ? `id ${item.user_id}` : `email ${item.email}`;
      failed.push({ index, id: item.user_id, code: 'CONFLICT', message: `The ${what} appears earlier in this batch` });
      continue;
    }
    ids.add(item.user_id);
    emails.add(item.email);
    entries.push({ index, item });
  }
  return entries;
}

/** Writes one chunk, dropping conflicting entries and retrying transient failures; resolves with the users written. */
async function writeChunk(chunk: Entry[], options: BatchOptions, failed: BatchFailureEntry[]): Promise<UserItem[]> {
  const { maxRetries = 8, wait = sleep } = options;
  let pending = chunk;
  for (let attempt = 1; pending.length; ) {
    let codes: string[] | undefined;
    try {
      await options.doc.send(new TransactWriteCommand({ TransactItems: pending.flatMap((e) => createWrites(e.item, options.tables)) }));
      return pending.map((e) => e.item);
    } catch (err) {
      codes = cancellationCodes(err);
      if (!codes) return fail(pending, failed, err);
    }
    const { conflicts, transient } = sortOut(pending, codes, failed);
    pending = pending.filter((e) => !conflicts.has(e));
    if (!transient) continue;
    if (attempt++ > maxRetries) return fail(pending, failed, undefined);
    await wait(backoffDelay(attempt));
  }
  return [];
}

/** Reports the entries whose own conditions failed; tells whether the rest met a transient cancellation. */
function sortOut(pending: Entry[], codes: string[], failed: BatchFailureEntry[]): { conflicts: Set<Entry>; transient: boolean } {
  const conflicts = new Set<Entry>();
  let transient = false;
  pending.forEach((entry, j) => {
    const [user, claim] = [codes[2 * j] ?? 'None', codes[2 * j + 1] ?? 'None'];
    const { index, item } = entry;
    if (user === 'ConditionalCheckFailed') failed.push({ index, id: item.user_id, code: 'CONFLICT', message: `A user with id ${item.user_id} already exists` });
    else if (claim === 'ConditionalCheckFailed') failed.push({ index, id: item.user_id, code: 'CONFLICT', message: `The email ${item.email} is already in use` });
    else if (user === 'ValidationError' || claim === 'ValidationError') failed.push({ index, id: item.user_id, code: 'BAD_USER_INPUT', message: 'DynamoDB refused this user' });
    else {
      transient ||= TRANSIENT.has(user) || TRANSIENT.has(claim);
      return;
    }
    conflicts.add(entry);
  });
  // A cancellation that names no entry of ours (nor a transient cause) must not loop.
  if (!conflicts.size && !transient) transient = true;
  return { conflicts, transient };
}

function fail(entries: Entry[], failed: BatchFailureEntry[], err: unknown): UserItem[] {
  const translated = err === undefined ? undefined : translateAwsError(err, 'creating users');
  const code = translated instanceof AppError ? translated.code : err === undefined ? 'THROTTLED' : 'INTERNAL_SERVER_ERROR';
  const message = translated instanceof AppError ? translated.message : err === undefined ? 'DynamoDB kept throttling these users; try them again' : 'These users could not be written';
  for (const { index, item } of entries) failed.push({ index, id: item.user_id, code, message });
  return [];
}

import { CreateTopicCommand, PublishBatchCommand } from '@aws-sdk/client-sns';
import { BatchWriteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../src/aws/clients';
import { loadConfig } from '../../src/config';
import { userEventData } from '../../src/datasources/domain-events';
import { buildEvent, eventAttributes } from '../../src/datasources/event-bus';
import { createWrites, newUserItem, toUser, type UserItem } from '../../src/datasources/users.records';
import { USERS_PER_TRANSACTION } from '../../src/datasources/users.batch';
import { graphql } from '../lib/http';
import { requestCounts } from '../lib/procs';
import type { ScenarioResult } from '../lib/report';
import { alternateAll, round } from '../lib/stats';
import type { BenchContext } from './context';

const CREATE_USERS = 'mutation($input: [CreateUserInput!]!) { createUsers(input: $input) { written failed { index code message } } }';
const PUT_ITEMS = 'mutation($table: String!, $items: [JSONObject!]!) { putItems(table: $table, items: $items) { written failed { index code message } } }';
const ITEMS_TABLE = 'bench-items';
const CONFIG = loadConfig({});
const TABLES = CONFIG.tables;

/** Runs `send` over the chunks with `concurrency` calls in flight. */
async function inFlight<T>(chunks: T[], concurrency: number, send: (chunk: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await send(chunks[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The direct SDK baseline: 25 items per BatchWriteItem, 4 calls in flight, unprocessed items sent again. */
function batchWrite(doc: DynamoDBDocumentClient, table: string, items: readonly object[]): Promise<void> {
  return inFlight(chunk(items, 25), 4, async (part) => {
    let requests = part.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}

/**
 * The AWS calls createUsers makes, sent directly: the same transactions (user + email claim,
 * conditional, 25 users per TransactWriteItems, 4 in flight), then one user.created event per
 * user to the events topic, 10 per PublishBatch, 4 in flight.
 */
async function sameCalls(clients: AwsClients, topicArn: string, users: readonly UserItem[]): Promise<void> {
  await inFlight(chunk(users, USERS_PER_TRANSACTION), 4, async (part) => {
    await clients.doc.send(new TransactWriteCommand({ TransactItems: part.flatMap((u) => createWrites(u, TABLES)) }));
  });
  const events = users.map((u) => buildEvent('user.created', { user: userEventData(toUser(u)) }, 'aws-graphql'));
  await inFlight(chunk(events, 10), 4, async (part) => {
    const entries = part.map((e, i) => ({ Id: String(i), Message: JSON.stringify(e), MessageAttributes: eventAttributes(e) }));
    const out = await clients.sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }));
    if (out.Failed?.length) throw new Error(`PublishBatch failed: ${JSON.stringify(out.Failed[0])}`);
  });
}

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ userId: `${prefix}-${i}`, email: `${prefix}-${i}@bench.example`, name: `Bench User ${i}`, age: 20 + (i % 60) }));
const userItems = (prefix: string, n: number) => users(prefix, n).map((u) => newUserItem(u, new Date().toISOString()));
const items = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, name: `Item ${i}`, price: i % 1000, tags: ['a', 'b'] }));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * S1: 10,000 users written by the product's createUsers, and 10,000 items by putItems, each
 * against the direct SDK from the bench process with the API's client settings (BatchWriteItem,
 * 25 per call, 4 in flight; and for createUsers also the same calls it makes), A, B, C
 * alternating; calls counted by the local AWS. Warm-ups write a tenth as much.
 */
export async function s1Write(ctx: BenchContext): Promise<ScenarioResult> {
  const { api, local, clients } = await ctx.stack();
  // CreateTopic of an existing topic answers its ARN.
  const eventsTopicArn = (await clients.sns.send(new CreateTopicCommand({ Name: CONFIG.eventsTopic }))).TopicArn as string;
  const n = ctx.size(10_000, 300);
  const rounds = ctx.size(2, 1);
  await graphql(api.url, 'mutation($input: CreateTableInput!) { createTable(input: $input) { name } }', { input: { name: ITEMS_TABLE, partitionKey: 'id' } });
  let seq = 0;
  const size = (warmUp: boolean) => (warmUp ? Math.ceil(n / 10) : n);
  const calls: Record<string, Record<string, number>> = {};
  /** The product side: checks that every entry was written and keeps the local AWS's call counts. */
  const product = (field: string, query: string, variables: (prefix: string, count: number) => Record<string, unknown>) => async (warmUp: boolean) => {
    const count = size(warmUp);
    await requestCounts(local.endpoint, true);
    const ms = await timed(async () => {
      const result = (await graphql(api.url, query, variables(`p${seq++}`, count)))[field] as { written: number; failed: unknown[] };
      if (result.written !== count) throw new Error(`${field} wrote ${result.written} of ${count}: ${JSON.stringify(result.failed.slice(0, 3))}`);
    });
    calls[field] = await requestCounts(local.endpoint, true);
    return (count / ms) * 1000;
  };
  const direct = (write: (prefix: string, count: number) => Promise<void>) => async (warmUp: boolean) => {
    const count = size(warmUp);
    return (count / (await timed(() => write(`d${seq++}`, count)))) * 1000;
  };
  const u = await alternateAll(rounds, {
    createUsers: product('createUsers', CREATE_USERS, (p, c) => ({ input: users(p, c) })),
    batch: direct((p, c) => batchWrite(clients.doc, TABLES.users, userItems(p, c))),
    sameCalls: direct((p, c) => sameCalls(clients, eventsTopicArn, userItems(p, c))),
  });
  const i = await alternateAll(rounds, {
    putItems: product('putItems', PUT_ITEMS, (p, c) => ({ table: ITEMS_TABLE, items: items(p, c) })),
    batch: direct((p, c) => batchWrite(clients.doc, ITEMS_TABLE, items(p, c))),
  });
  return {
    id: 'S1',
    title: `${n.toLocaleString('en')} users written`,
    figures: {
      'createUsers users/s': round(u.median.createUsers, 0),
      'direct BatchWriteItem users/s': round(u.median.batch, 0),
      'direct same calls users/s': round(u.median.sameCalls, 0),
      'createUsers / BatchWriteItem': round(u.median.createUsers / u.median.batch),
      'createUsers / same calls': round(u.median.createUsers / u.median.sameCalls),
      'createUsers TransactWriteItems calls': calls.createUsers?.['dynamodb:TransactWriteItems'] ?? 0,
      'createUsers PublishBatch calls': calls.createUsers?.['sns:PublishBatch'] ?? 0,
      'putItems items/s': round(i.median.putItems, 0),
      'direct BatchWriteItem items/s': round(i.median.batch, 0),
      'putItems / BatchWriteItem': round(i.median.putItems / i.median.batch),
      'putItems BatchWriteItem calls': calls.putItems?.['dynamodb:BatchWriteItem'] ?? 0,
    },
    goals: [
      { figure: 'createUsers / BatchWriteItem', op: '>=', target: 0.8 },
      { figure: 'createUsers / same calls', op: '>=', target: 0.8 },
      { figure: 'createUsers TransactWriteItems calls', op: '==', target: Math.ceil(n / USERS_PER_TRANSACTION) },
      { figure: 'createUsers PublishBatch calls', op: '==', target: Math.ceil(n / 10) },
      { figure: 'putItems / BatchWriteItem', op: '>=', target: 0.8 },
      { figure: 'putItems BatchWriteItem calls', op: '==', target: Math.ceil(n / 25) },
    ],
    notes: [
      `createUsers writes each user with its email claim, conditionally, ${USERS_PER_TRANSACTION} users per TransactWriteItems (${Math.ceil(n / USERS_PER_TRANSACTION)} calls, as many as a BatchWriteItem of the users 25 at a time, with twice the items of a BatchWriteItem of the users, each with a condition): BatchWriteItem carries no condition, so it could neither refuse a taken email nor leave an existing user untouched. After the writes it announces each user (user.created, 10 per PublishBatch). Its own overhead is judged against the SDK making the same calls; putItems is the BatchWriteItem path (25 per call, 4 in flight).`,
    ],
  };
}

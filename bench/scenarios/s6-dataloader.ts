import { graphql, sequentialLatencies } from '../lib/http';
import { requestCounts, startApiProc } from '../lib/procs';
import type { ScenarioResult } from '../lib/report';
import { alternateAll, median, round } from '../lib/stats';
import type { BenchContext } from './context';

const N = 100;
const OWNER = 's6-owner';
const ids = Array.from({ length: N }, (_, i) => `s6-${String(i).padStart(3, '0')}`);
const USERS_BY_ID = JSON.stringify({ query: 'query($ids: [ID!]!) { usersById(userIds: $ids) { userId name } }', variables: { ids } });
const ORDERS = JSON.stringify({ query: `query($id: ID!) { orders(userId: $id, limit: ${N}) { items { orderDate user { userId name } } } }`, variables: { id: OWNER } });

async function seed(url: string): Promise<void> {
  const users = [...ids, OWNER].map((userId) => ({ userId, email: `${userId}@bench.example`, name: `User ${userId}` }));
  await graphql(url, 'mutation($input: [CreateUserInput!]!) { createUsers(input: $input) { written } }', { input: users });
  const dates = Array.from({ length: N }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
  for (let i = 0; i < N; i += 10) {
    await Promise.all(dates.slice(i, i + 10).map((orderDate) => graphql(url, 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { orderDate } }', { input: { userId: OWNER, orderDate, amount: 10 } })));
  }
}

/** The local AWS's calls made by one request. */
async function callsOf(endpoint: string, url: string, body: string): Promise<Record<string, number>> {
  await requestCounts(endpoint, true);
  await sequentialLatencies(url, body, 1);
  return requestCounts(endpoint, true);
}

/**
 * S6: usersById with 100 ids, and orders { user } over 100 orders of one user, with the user
 * reads batched (the product: DataLoader, BatchGetItem) against a second API process on the same
 * local AWS started with USER_BATCH_READS=false (one GetItem per user, no DataLoader batching
 * or caching: what the resolvers would do without it). Requests one at a time, alternating.
 */
export async function s6DataLoader(ctx: BenchContext): Promise<ScenarioResult> {
  const { api, local } = await ctx.stack();
  await seed(api.url);
  const off = await startApiProc(local.endpoint, { USER_BATCH_READS: 'false' }, ctx.nodeArgs('api-s6-off'), false);
  try {
    const count = ctx.size(15, 3);
    const p50 = (url: string, body: string) => async () => median(await sequentialLatencies(url, body, count));
    const rounds = ctx.size(2, 1);
    const byId = await alternateAll(rounds, { on: p50(api.url, USERS_BY_ID), off: p50(off.url, USERS_BY_ID) });
    const orders = await alternateAll(rounds, { on: p50(api.url, ORDERS), off: p50(off.url, ORDERS) });
    const byIdOn = await callsOf(local.endpoint, api.url, USERS_BY_ID);
    const byIdOff = await callsOf(local.endpoint, off.url, USERS_BY_ID);
    const ordersOn = await callsOf(local.endpoint, api.url, ORDERS);
    const ordersOff = await callsOf(local.endpoint, off.url, ORDERS);
    return {
      id: 'S6',
      title: 'usersById(100), orders { user } (100)',
      figures: {
        'usersById on p50 ms': round(byId.median.on),
        'usersById off p50 ms': round(byId.median.off),
        'usersById speed-up': round(byId.median.off / byId.median.on, 1),
        'usersById BatchGetItem calls': byIdOn['dynamodb:BatchGetItem'] ?? 0,
        'usersById off GetItem calls': byIdOff['dynamodb:GetItem'] ?? 0,
        'orders.user on p50 ms': round(orders.median.on),
        'orders.user off p50 ms': round(orders.median.off),
        'orders.user speed-up': round(orders.median.off / orders.median.on, 1),
        'orders.user BatchGetItem calls': ordersOn['dynamodb:BatchGetItem'] ?? 0,
        'orders.user off GetItem calls': ordersOff['dynamodb:GetItem'] ?? 0,
      },
      goals: [
        { figure: 'usersById speed-up', op: '>=', target: 4 },
        { figure: 'usersById BatchGetItem calls', op: '==', target: 1 },
        { figure: 'orders.user speed-up', op: '>=', target: 4 },
        { figure: 'orders.user BatchGetItem calls', op: '==', target: 1 },
      ],
      notes: ['"off" is a second API process with USER_BATCH_READS=false: each user is read with its own GetItem, as resolvers without DataLoader would; the 100 orders belong to one user, so batching on also de-duplicates them to one key.'],
    };
  } finally {
    await off.stop();
  }
}

import { GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Client } from 'graphql-ws';
import { graphql } from '../lib/http';
import { requestCounts } from '../lib/procs';
import type { ScenarioResult } from '../lib/report';
import { round } from '../lib/stats';
import { connectMany, disposeAll, subscribe, until, wsUrl } from '../lib/ws';
import type { BenchContext } from './context';

const SUBSCRIPTION = 'subscription($queue: String!) { messageReceived(queue: $queue) { messageId } }';

/**
 * The API's SQS requests among the local AWS's counts, by operation: all but the bench's own
 * sends and the once-a-minute TagQueue heartbeat of broadcast queues that earlier scenarios left
 * (it does not depend on any subscriber, and falls in a window or not by chance).
 */
function apiSqs(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([key]) => key.startsWith('sqs:') && !key.startsWith('sqs:SendMessage') && key !== 'sqs:TagQueue'));
}

function apiSqsRequests(counts: Record<string, number>): number {
  return Object.values(apiSqs(counts)).reduce((sum, n) => sum + n, 0);
}

async function createQueue(url: string, name: string): Promise<void> {
  await graphql(url, 'mutation($input: CreateQueueInput!) { createQueue(input: $input) { name } }', { input: { name } });
}

/** `subscribers` messageReceived subscriptions on `queue`, spread over `connections`; counts deliveries. */
async function subscribers(url: string, queue: string, subscribers: number, connections: number) {
  const clients: Client[] = await connectMany(wsUrl(url), connections);
  let delivered = 0;
  let failure: Error | undefined;
  const unsubscribes = Array.from({ length: subscribers }, (_, i) =>
    subscribe(clients[i % connections]!, SUBSCRIPTION, { queue }, () => delivered++, (err) => (failure = err)),
  );
  return {
    delivered: () => delivered,
    failure: () => failure,
    async close() {
      for (const u of unsubscribes) u();
      await disposeAll(clients);
    },
  };
}

/**
 * S10: the API's SQS requests per delivered message while 1,000 messages flow to 10
 * messageReceived subscribers, and its requests per minute with 1 and with 1,000 idle
 * subscribers of an empty queue (each window after every subscription is set up).
 */
export async function s10SqsRequests(ctx: BenchContext): Promise<ScenarioResult> {
  const { api, local, clients } = await ctx.stack();
  const messages = ctx.size(1000, 50);
  await createQueue(api.url, 'bench-s10');
  const queueUrl = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'bench-s10' }))).QueueUrl as string;
  const busy = await subscribers(api.url, 'bench-s10', 10, 10);
  let perMessage: number;
  let delivered: number;
  try {
    await new Promise((r) => setTimeout(r, ctx.size(500, 200)));
    await requestCounts(local.endpoint, true);
    for (let i = 0; i < messages; i += 10) {
      const entries = Array.from({ length: Math.min(10, messages - i) }, (_, j) => ({ Id: String(j), MessageBody: JSON.stringify({ n: i + j }) }));
      await clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    }
    await until(() => busy.delivered() >= messages || busy.failure() !== undefined, 30_000, `${messages} deliveries`);
    if (busy.failure()) throw busy.failure();
    // Let the last acknowledgements (batched deletes) go out before counting.
    await new Promise((r) => setTimeout(r, ctx.size(1000, 300)));
    delivered = busy.delivered();
    perMessage = apiSqsRequests(await requestCounts(local.endpoint, true)) / delivered;
  } finally {
    await busy.close();
  }
  const windowS = ctx.size(25, 1);
  /** Subscribes, waits until the API's SQS requests stop growing (set-up done), then counts a window. */
  const idle = async (queue: string, count: number, connections: number): Promise<{ setup: number; window: number; calls: Record<string, number> }> => {
    await createQueue(api.url, queue);
    await requestCounts(local.endpoint, true);
    const subs = await subscribers(api.url, queue, count, connections);
    try {
      let setup = -1;
      for (let settled = 0; settled < ctx.size(4, 2); ) {
        await new Promise((r) => setTimeout(r, 500));
        const now = apiSqsRequests(await requestCounts(local.endpoint));
        settled = now === setup ? settled + 1 : 0;
        setup = now;
      }
      await requestCounts(local.endpoint, true);
      await new Promise((r) => setTimeout(r, windowS * 1000));
      if (subs.failure()) throw subs.failure();
      const counts = await requestCounts(local.endpoint, true);
      return { setup, window: apiSqsRequests(counts), calls: apiSqs(counts) };
    } finally {
      await subs.close();
    }
  };
  const one = await idle('bench-s10-idle-1', 1, 1);
  const thousand = await idle('bench-s10-idle-1000', ctx.size(1000, 100), 20);
  const perMinute = (n: number) => round((n * 60) / windowS, 1);
  return {
    id: 'S10',
    title: 'SQS requests of the subscriptions',
    figures: {
      'requests per delivered message': round(perMessage, 3),
      'messages delivered': delivered,
      'subscribe requests, 1 subscriber': one.setup,
      'subscribe requests, 1,000 subscribers': thousand.setup,
      'idle requests/min, 1 subscriber': perMinute(one.window),
      'idle requests/min, 1,000 subscribers': perMinute(thousand.window),
      'idle extra requests with 1,000': thousand.window - one.window,
    },
    goals: [
      { figure: 'requests per delivered message', op: '<=', target: 0.3 },
      { figure: 'idle extra requests with 1,000', op: '<=', target: 0 },
    ],
    notes: [
      `under load: ${messages} messages sent by the bench (SendMessageBatch, not counted) to 10 subscribers; counted: every other SQS request the local AWS answered (the API's receives, deletes, visibility changes).`,
      `idle: all SQS requests in a ${windowS} s window on an empty queue, once the API's requests have stopped growing after the subscriptions were made (1,000 subscriptions over 20 connections); with 20 s long polls a window holds one or two polls. The requests made while subscribing are shown apart, not judged. Window calls: 1 subscriber ${JSON.stringify(one.calls)}, 1,000 ${JSON.stringify(thousand.calls)}.`,
    ],
  };
}

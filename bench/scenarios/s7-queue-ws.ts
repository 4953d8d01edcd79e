import { graphql } from '../lib/http';
import type { ScenarioResult } from '../lib/report';
import { percentile, round } from '../lib/stats';
import type { BenchContext } from './context';
import { streamLatency } from './stream-latency';

const QUEUE = 'bench-s7';

/** S7: sendMessage through the API to a messageReceived subscriber over graphql-ws: latency and loss. */
export async function s7QueueWs(ctx: BenchContext): Promise<ScenarioResult> {
  const { api } = await ctx.stack();
  await graphql(api.url, 'mutation($input: CreateQueueInput!) { createQueue(input: $input) { name } }', { input: { name: QUEUE } });
  const count = ctx.size(400, 20);
  const intervalMs = 10;
  const result = await streamLatency({
    url: api.url,
    subscription: 'subscription($queue: String!) { messageReceived(queue: $queue) { body } }',
    variables: { queue: QUEUE },
    text: (data) => String(data.messageReceived.body),
    send: (seq) => graphql(api.url, 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }', { input: { queue: QUEUE, body: JSON.stringify({ seq }) } }),
    count,
    intervalMs,
  });
  return {
    id: 'S7',
    title: 'sendMessage to a WebSocket subscriber',
    figures: {
      'p50 ms': round(percentile(result.latencies, 50)),
      'p99 ms': round(percentile(result.latencies, 99)),
      'messages lost': result.lost,
      duplicates: result.duplicates,
    },
    goals: [
      { figure: 'p50 ms', op: '<', target: 15 },
      { figure: 'p99 ms', op: '<', target: 50 },
      { figure: 'messages lost', op: '==', target: 0 },
    ],
    notes: [`${count} messages, one every ${intervalMs} ms, each from the start of its sendMessage mutation to its arrival at the subscriber (AUTO acknowledgement).`],
  };
}

import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';
import { streamScenario } from './stream-latency';

const QUEUE = 'bench-s7';

/** S7: sendMessage through the API to a messageReceived subscriber over graphql-ws: latency and loss. */
export async function s7QueueWs(ctx: BenchContext): Promise<ScenarioResult> {
  return await streamScenario(ctx, {
    id: 'S7',
    title: 'sendMessage to a WebSocket subscriber',
    create: { query: 'mutation($input: CreateQueueInput!) { createQueue(input: $input) { name } }', variables: { input: { name: QUEUE } } },
    subscription: 'subscription($queue: String!) { messageReceived(queue: $queue) { body } }',
    variables: { queue: QUEUE },
    text: (data) => String(data.messageReceived.body),
    send: (body) => ({ query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }', variables: { input: { queue: QUEUE, body } } }),
    span: 'sendMessage mutation to its arrival at the subscriber (AUTO acknowledgement)',
    goals: { p50: 15, p99: 50 },
  });
}

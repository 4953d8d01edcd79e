import { graphql } from '../lib/http';
import type { ScenarioResult } from '../lib/report';
import { percentile, round } from '../lib/stats';
import type { BenchContext } from './context';
import { streamLatency } from './stream-latency';

const TOPIC = 'bench-s8';

/** S8: publish through the API to a topicMessages subscriber: SNS, then the process's SQS queue, then graphql-ws. */
export async function s8TopicWs(ctx: BenchContext): Promise<ScenarioResult> {
  const { api } = await ctx.stack();
  await graphql(api.url, 'mutation($input: CreateTopicInput!) { createTopic(input: $input) { name } }', { input: { name: TOPIC } });
  const count = ctx.size(400, 20);
  const intervalMs = 10;
  const result = await streamLatency({
    url: api.url,
    subscription: 'subscription($topic: String!) { topicMessages(topic: $topic) { message } }',
    variables: { topic: TOPIC },
    text: (data) => String(data.topicMessages.message),
    send: (seq) => graphql(api.url, 'mutation($input: PublishInput!) { publish(input: $input) { messageId } }', { input: { topic: TOPIC, message: JSON.stringify({ seq }) } }),
    count,
    intervalMs,
  });
  return {
    id: 'S8',
    title: 'publish to topicMessages (SNS, SQS)',
    figures: {
      'p50 ms': round(percentile(result.latencies, 50)),
      'p99 ms': round(percentile(result.latencies, 99)),
      'messages lost': result.lost,
      duplicates: result.duplicates,
    },
    goals: [
      { figure: 'p50 ms', op: '<', target: 25 },
      { figure: 'p99 ms', op: '<', target: 75 },
      { figure: 'messages lost', op: '==', target: 0 },
    ],
    notes: [`${count} messages, one every ${intervalMs} ms, each from the start of its publish mutation to its arrival at the subscriber.`],
  };
}

import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';
import { streamScenario } from './stream-latency';

const TOPIC = 'bench-s8';

/** S8: publish through the API to a topicMessages subscriber: SNS, then the process's SQS queue, then graphql-ws. */
export async function s8TopicWs(ctx: BenchContext): Promise<ScenarioResult> {
  return await streamScenario(ctx, {
    id: 'S8',
    title: 'publish to topicMessages (SNS, SQS)',
    create: { query: 'mutation($input: CreateTopicInput!) { createTopic(input: $input) { name } }', variables: { input: { name: TOPIC } } },
    subscription: 'subscription($topic: String!) { topicMessages(topic: $topic) { message } }',
    variables: { topic: TOPIC },
    text: (data) => String(data.topicMessages.message),
    send: (message) => ({ query: 'mutation($input: PublishInput!) { publish(input: $input) { messageId } }', variables: { input: { topic: TOPIC, message } } }),
    span: 'publish mutation to its arrival at the subscriber',
    goals: { p50: 25, p99: 75 },
  });
}

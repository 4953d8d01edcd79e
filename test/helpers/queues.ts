import type { App } from '../../src/app';
import { buildClients } from '../../src/aws/clients';
import { loadConfig } from '../../src/config';
import { setupResources } from '../../src/setup';
import { gql, gqlData, startTestApp, type GraphQLResponse } from './app';
import type { Moto } from './moto';

/** Starts the API in AWS mode against moto, after creating what `npm run setup` would. */
export async function startAppOnMoto(moto: Moto): Promise<App> {
  const env = { MODE: 'AWS', AWS_ENDPOINT_URL: moto.endpoint };
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const clients = buildClients({ region: config.region, endpoint: config.endpoint, awsMaxAttempts: 1 });
  try {
    await setupResources(clients, config);
  } finally {
    clients.destroy();
  }
  return startTestApp(env);
}

/** A queue name no other test of the run uses. */
let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

const QUEUE_FIELDS = 'name url arn fifo attributes { visibilityTimeout messageRetentionPeriod delaySeconds receiveMessageWaitTimeSeconds maximumMessageSize approximateNumberOfMessages approximateNumberOfMessagesNotVisible approximateNumberOfMessagesDelayed contentBasedDeduplication deadLetterTargetArn maxReceiveCount createdAt }';
export const MESSAGE_FIELDS = 'messageId queue body json attributes { name value dataType } receiptHandle sentAt receiveCount groupId sequenceNumber';

export function createQueue(app: Pick<App, 'url'>, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return gql(app, `mutation($input: CreateQueueInput!) { createQueue(input: $input) { ${QUEUE_FIELDS} } }`, { input });
}

/** Creates a queue that must be created; returns it. */
export async function mustCreateQueue(app: Pick<App, 'url'>, input: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await createQueue(app, input);
  if (res.errors?.length) throw new Error(`createQueue failed: ${JSON.stringify(res.errors)}`);
  return res.data!.createQueue;
}

export async function queueOf(app: Pick<App, 'url'>, name: string): Promise<Record<string, any> | null> {
  return (await gqlData(app, `query($name: String!) { queue(name: $name) { ${QUEUE_FIELDS} } }`, { name })).queue;
}

export function send(app: Pick<App, 'url'>, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return gql(app, 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId sequenceNumber md5OfBody } }', { input });
}

export function receive(app: Pick<App, 'url'>, args: Record<string, unknown>): Promise<GraphQLResponse> {
  return gql(
    app,
    `mutation($queue: String!, $maxMessages: Int, $waitTimeSeconds: Int, $visibilityTimeout: Int) {
      receiveMessages(queue: $queue, maxMessages: $maxMessages, waitTimeSeconds: $waitTimeSeconds, visibilityTimeout: $visibilityTimeout) { ${MESSAGE_FIELDS} }
    }`,
    args,
  );
}

/** Receives until `count` messages arrived (SQS may return fewer than asked per call) or `attempts` calls were made. */
export async function receiveAll(app: Pick<App, 'url'>, queue: string, count: number, extra: Record<string, unknown> = {}, attempts = 20): Promise<Array<Record<string, any>>> {
  const all: Array<Record<string, any>> = [];
  for (let i = 0; i < attempts && all.length < count; i++) {
    const res = await receive(app, { queue, maxMessages: Math.min(10, count - all.length), waitTimeSeconds: 1, ...extra });
    if (res.errors?.length) throw new Error(`receiveMessages failed: ${JSON.stringify(res.errors)}`);
    all.push(...res.data!.receiveMessages);
  }
  return all;
}

/** The API for the queue integration tests: on the embedded local AWS, as clients run it. */
export async function startQueuesApp(): Promise<{ app: App; close(): Promise<void> }> {
  const app = await startTestApp();
  return { app, close: () => app.close() };
}

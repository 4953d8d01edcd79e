import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { App } from '../../src/app';
import { buildClients } from '../../src/aws/clients';
import { loadConfig } from '../../src/config';
import { setupResources } from '../../src/setup';
import { startTestApp } from './app';
import { motoAvailable, startMoto, type Moto } from './moto';

/** Where the topics and events suites run: the embedded local AWS, or moto_server through AWS mode. */
export type SnsBackend = 'local' | 'moto';

export interface SnsTestApp {
  app: App;
  backend: SnsBackend;
  close(): Promise<void>;
}

/** The backends an SNS suite runs on: always the embedded local AWS, moto when installed. */
export function snsBackends(): SnsBackend[] {
  return motoAvailable() ? ['local', 'moto'] : ['local'];
}

/** Starts the API on the backend; for moto, `npm run setup`'s resources are created first (AWS mode verifies them). */
export async function startSnsApp(backend: SnsBackend): Promise<SnsTestApp> {
  if (backend === 'local') {
    const app = await startTestApp();
    return { app, backend, close: () => app.close() };
  }
  const moto: Moto = await startMoto();
  try {
    const env = { MODE: 'AWS', AWS_ENDPOINT_URL: moto.endpoint };
    const setupClients = buildClients({ region: 'us-east-1', endpoint: moto.endpoint, awsMaxAttempts: 1 });
    await setupResources(setupClients, loadConfig({ ...env, SEED: 'false' }));
    setupClients.destroy();
    const app = await startTestApp(env);
    return { app, backend, close: async () => (await app.close(), await moto.stop()) };
  } catch (err) {
    await moto.stop();
    throw err;
  }
}

/** Creates a queue with the SQS client and returns its URL and ARN. */
export async function createQueue(app: App, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await app.clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await app.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl ?? '', arn: Attributes?.QueueArn ?? '' };
}

/** The queue's policy document, parsed. */
export async function queuePolicy(app: App, url: string): Promise<{ Statement: Array<Record<string, any>> }> {
  const { Attributes } = await app.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }));
  return JSON.parse(Attributes?.Policy ?? '{"Statement":[]}');
}

/**
 * Receives until `count` messages have arrived (deliveries are asynchronous on some backends)
 * or `waitMs` has passed; then one more short receive proves nothing else is on its way.
 */
export async function drain(app: App, url: string, count: number, waitMs = 5000): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + waitMs;
  while (got.length < count && Date.now() < deadline) {
    const { Messages } = await app.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], VisibilityTimeout: 60 }),
    );
    got.push(...(Messages ?? []));
  }
  const { Messages: extra } = await app.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }));
  return [...got, ...(extra ?? [])];
}

import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { ListSubscriptionsCommand } from '@aws-sdk/client-sns';
import { BROADCAST_PREFIX } from '../../src/subscriptions/orphans';
import { startApp, type App } from '../../src/app';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { loadConfig } from '../../src/config';
import { startLocalAws, type LocalAws } from '../../src/local';
import { setupResources } from '../../src/setup';
import { subscribe, wsClient } from '../helpers/ws';

/**
 * Shutdown needs the local AWS to outlive the API, so the API runs in AWS mode against an
 * emulator of the test's own.
 */
describe('graceful shutdown with live subscriptions', () => {
  let local: LocalAws;
  let clients: AwsClients;
  let app: App;

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
    const env = { MODE: 'AWS', AWS_ENDPOINT_URL: local.endpoint, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
    clients = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
    await setupResources(clients, loadConfig(env));
    app = await startApp(loadConfig(env));
  });
  afterAll(async () => {
    clients.destroy();
    await local.close();
  });

  it('completes subscriptions cleanly, gives their in-flight messages back and deletes the broadcast queues', async () => {
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: 'shutdown-work' }));
    const client = wsClient(app.url);
    const sub = subscribe(client, 'subscription { messageReceived(queue: "shutdown-work", ack: MANUAL) { body } }', {}, (d) => d.messageReceived.body as string);
    const events = subscribe(client, 'subscription { events { type } }', {}, (d) => d.events.type as string);
    await new Promise((r) => setTimeout(r, 200));
    await clients.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: ['a', 'b', 'c'].map((b) => ({ Id: b, MessageBody: b })) }));
    await sub.waitFor(3);
    const live = await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }));
    expect(live.QueueUrls).toHaveLength(1);

    await app.close();

    await Promise.all([sub.done(), events.done()]);
    expect([...sub.errors, ...events.errors]).toEqual([]);
    expect([sub.completed, events.completed]).toEqual([true, true]);
    const after = await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }));
    expect(after.QueueUrls ?? []).toEqual([]);
    const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsCommand({}));
    expect(Subscriptions.filter((s) => s.Endpoint?.includes(BROADCAST_PREFIX))).toEqual([]);
    const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect([Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible]).toEqual(['3', '0']);
    await client.dispose();
  });
});

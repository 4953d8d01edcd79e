import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  PublishCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';

describe('local SNS email outbox and persistence', () => {
  let dataDir = '';
  let local: LocalAws;
  let clients: AwsClients;
  let sns: SNSClient;

  async function start(): Promise<void> {
    local = await startLocalAws({ port: 0, region: 'us-east-1', dataDir });
    clients = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
    sns = clients.sns;
  }
  async function stop(): Promise<void> {
    clients.destroy();
    await local.close();
  }

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sns-data-'));
    await start();
  });
  afterEach(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const outbox = () => path.join(dataDir, 'sns', 'outbox');
  const emails = () => readdirSync(outbox()).sort().map((f) => readFileSync(path.join(outbox(), f), 'utf8'));
  async function emailCount(count: number): Promise<string[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      let found: string[] = [];
      try {
        found = emails();
      } catch {
        // no outbox yet
      }
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('writes the confirmation email with a working link, then every notification', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'newsletter', Attributes: { DisplayName: 'Shop News' } }));
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'dev@example.com', ReturnSubscriptionArn: true }));
    const [confirmation] = await emailCount(1);
    expect(confirmation).toContain('To: dev@example.com\r\n');
    expect(confirmation).toContain('From: Shop News <no-reply@sns.amazonaws.com>\r\n');
    expect(confirmation).toContain('Subject: AWS Notification - Subscription Confirmation\r\n');
    const link = /^(http:\/\/\S+Action=ConfirmSubscription\S+)$/m.exec(confirmation as string)?.[1] as string;
    expect(link.startsWith(`${local.endpoint}/?Action=ConfirmSubscription&TopicArn=${TopicArn}&Token=`)).toBe(true);

    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes).toMatchObject({ PendingConfirmation: 'false', Endpoint: 'dev@example.com' });

    await sns.send(new PublishCommand({ TopicArn, Message: 'Spring sale starts today', Subject: 'Sale' }));
    const [, notification] = await emailCount(2);
    expect(notification).toContain('Subject: Sale\r\n');
    expect(notification).toContain('\r\n\r\nSpring sale starts today\r\n');
    expect(notification).toContain(`${local.endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
  });

  it('delivers nothing to an email address that has not confirmed', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'quiet' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email-json', Endpoint: 'ops@example.com' }));
    await emailCount(1);
    await sns.send(new PublishCommand({ TopicArn, Message: 'not for pending subscribers' }));
    await sns.send(new CreateTopicCommand({ Name: 'barrier' }));
    await new Promise((r) => setImmediate(r));
    expect(emails()).toHaveLength(1);
  });

  it('keeps topics, attributes, tags and subscriptions with their confirmation state across a restart', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'kept', Attributes: { DisplayName: 'Kept' }, Tags: [{ Key: 'env', Value: 'dev' }] }));
    const { TopicArn: fifoArn } = await sns.send(new CreateTopicCommand({ Name: 'kept.fifo', Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
    const queue = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:kept', Attributes: { FilterPolicy: '{"a":["b"]}' } }));
    const email = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'later@example.com', ReturnSubscriptionArn: true }));
    const first = await sns.send(new PublishCommand({ TopicArn: fifoArn, Message: 'm', MessageGroupId: 'g' }));
    await stop();
    await start();

    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes).toMatchObject({ DisplayName: 'Kept', SubscriptionsConfirmed: '1', SubscriptionsPending: '1' });
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: fifoArn }))).Attributes).toMatchObject({ FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags).toEqual([{ Key: 'env', Value: 'dev' }]);
    const subs = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions ?? [];
    expect(subs.map((s) => s.SubscriptionArn)).toEqual([queue.SubscriptionArn, 'PendingConfirmation']);
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: queue.SubscriptionArn }))).Attributes?.FilterPolicy).toBe('{"a":["b"]}');
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: email.SubscriptionArn }))).Attributes?.PendingConfirmation).toBe('true');
    const next = await sns.send(new PublishCommand({ TopicArn: fifoArn, Message: 'n', MessageGroupId: 'g' }));
    expect(BigInt(next.SequenceNumber as string)).toBe(BigInt(first.SequenceNumber as string) + 1n);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'sns', 'state.json'), 'utf8'))).toMatchObject({ version: 1 });
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTopicCommand, GetSubscriptionAttributesCommand, PublishCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP endpoint that records every POST and answers with the next scripted status (then 200). */
class Endpoint {
  readonly received: Received[] = [];
  statuses: number[] = [];
  private waiters: (() => void)[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(this.statuses.shift() ?? 200).end();
      for (const wake of this.waiters.splice(0)) wake();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits until `count` requests arrived (at most 10 s). */
  async count(count: number): Promise<Received[]> {
    const deadline = Date.now() + 10_000;
    while (this.received.length < count && Date.now() < deadline) await new Promise<void>((r) => (this.waiters.push(r), setTimeout(r, 200)));
    return this.received;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('local SNS delivering to HTTP endpoints', () => {
  let local: LocalAws;
  let clients: AwsClients;
  let sns: SNSClient;
  let endpoint: Endpoint;
  let base = '';
  let n = 0;

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
    clients = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
    sns = clients.sns;
  });
  beforeEach(async () => {
    endpoint = new Endpoint();
    base = await endpoint.start();
  });
  afterEach(() => endpoint.stop());
  afterAll(async () => {
    clients.destroy();
    await local.close();
  });

  const topic = async () => (await sns.send(new CreateTopicCommand({ Name: `hooks-${++n}` }))).TopicArn as string;

  it('POSTs a SubscriptionConfirmation, stays pending until the SubscribeURL is opened, then POSTs notifications', async () => {
    const TopicArn = await topic();
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${base}/hook`, ReturnSubscriptionArn: true }));
    const [confirmation] = await endpoint.count(1);
    expect(confirmation?.path).toBe('/hook');
    expect(confirmation?.headers).toMatchObject({ 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'x-amz-sns-topic-arn': TopicArn, 'content-type': 'text/plain; charset=UTF-8', 'user-agent': 'Amazon Simple Notification Service Agent' });
    const doc = JSON.parse(confirmation?.body as string);
    expect(Object.keys(doc)).toEqual(['Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL']);
    expect(doc).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn, MessageId: confirmation?.headers['x-amz-sns-message-id'] });
    expect(doc.SubscribeURL).toBe(`${local.endpoint}/?Action=ConfirmSubscription&TopicArn=${TopicArn}&Token=${doc.Token}`);

    await sns.send(new PublishCommand({ TopicArn, Message: 'before confirmation' }));
    const pending = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(pending.Attributes?.PendingConfirmation).toBe('true');

    const opened = await fetch(doc.SubscribeURL);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain(`<SubscriptionArn>${SubscriptionArn}</SubscriptionArn>`);
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes?.PendingConfirmation).toBe('false');

    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'after confirmation', Subject: 'Hi' }));
    const received = await endpoint.count(2);
    expect(received).toHaveLength(2);
    const notification = received[1] as Received;
    expect(notification.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': MessageId,
      'x-amz-sns-topic-arn': TopicArn,
      'x-amz-sns-subscription-arn': SubscriptionArn,
      'content-type': 'text/plain; charset=UTF-8',
    });
    expect(JSON.parse(notification.body)).toMatchObject({ Type: 'Notification', MessageId, Message: 'after confirmation', Subject: 'Hi' });
  });

  it('retries a failing endpoint as the delivery policy says, then delivers', async () => {
    const TopicArn = await topic();
    const DeliveryPolicy = JSON.stringify({ healthyRetryPolicy: { numRetries: 3, numNoDelayRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 } });
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${base}/flaky`, ReturnSubscriptionArn: true, Attributes: { DeliveryPolicy } }));
    const [confirmation] = await endpoint.count(1);
    await fetch(JSON.parse(confirmation?.body as string).SubscribeURL);
    const effective = JSON.parse((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes?.EffectiveDeliveryPolicy as string);
    expect(effective.healthyRetryPolicy).toMatchObject({ numRetries: 3, numNoDelayRetries: 2 });

    endpoint.statuses = [500, 503];
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'eventually', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    const attempts = (await endpoint.count(4)).slice(1);
    expect(attempts).toHaveLength(3);
    expect(attempts.map((a) => a.headers['x-amz-sns-message-id'])).toEqual([MessageId, MessageId, MessageId]);
  });

  it('does not retry an endpoint that refuses with a 4xx', async () => {
    const TopicArn = await topic();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${base}/gone` }));
    const [confirmation] = await endpoint.count(1);
    await fetch(JSON.parse(confirmation?.body as string).SubscribeURL);
    endpoint.statuses = [404];
    await sns.send(new PublishCommand({ TopicArn, Message: 'refused' }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'second' }));
    const received = await endpoint.count(3);
    expect(received.slice(1).map((r) => JSON.parse(r.body).Message)).toEqual(['refused', 'second']);
  });

  it('sends the raw message with x-amz-sns-rawdelivery under raw delivery', async () => {
    const TopicArn = await topic();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${base}/raw`, Attributes: { RawMessageDelivery: 'true' } }));
    const [confirmation] = await endpoint.count(1);
    await fetch(JSON.parse(confirmation?.body as string).SubscribeURL);
    await sns.send(new PublishCommand({ TopicArn, Message: '{"raw": true}' }));
    const [, delivery] = await endpoint.count(2);
    expect(delivery?.body).toBe('{"raw": true}');
    expect(delivery?.headers['x-amz-sns-rawdelivery']).toBe('true');
  });
});

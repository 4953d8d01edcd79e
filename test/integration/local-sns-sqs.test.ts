import { createVerify } from 'node:crypto';
import { CreateTopicCommand, GetSubscriptionAttributesCommand, PublishCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';

/** Receives from a queue until `count` messages arrived (or a deadline passes), then once more to prove no other came. */
async function drain(sqs: SQSClient, QueueUrl: string, count: number): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + 10_000;
  while (got.length < count && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    got.push(...Messages);
  }
  const { Messages: extra = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  return [...got, ...extra];
}

describe('local SNS delivering to local SQS', () => {
  let local: LocalAws;
  let clients: AwsClients;
  let sns: SNSClient;
  let sqs: SQSClient;
  let n = 0;

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
    clients = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
    ({ sns, sqs } = clients);
  });
  afterAll(async () => {
    clients.destroy();
    await local.close();
  });

  async function queue(fifo = false): Promise<{ url: string; arn: string }> {
    const name = `sub-${++n}${fifo ? '.fifo' : ''}`;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: 'true' } : {} }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
  }
  const topic = async (fifo = false) =>
    (await sns.send(new CreateTopicCommand({ Name: `t-${++n}${fifo ? '.fifo' : ''}`, Attributes: fifo ? { FifoTopic: 'true', ContentBasedDeduplication: 'true' } : {} }))).TopicArn as string;

  const attributes = {
    text: { DataType: 'String', StringValue: 'hello' },
    count: { DataType: 'Number', StringValue: '42' },
    tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
    blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 255]) },
  };

  it('delivers AWS JSON envelopes, signed, with AWS key order', async () => {
    const TopicArn = await topic();
    const q = await queue();
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'order placed', Subject: 'Orders', MessageAttributes: attributes }));
    const [message, ...rest] = await drain(sqs, q.url, 1);
    expect(rest).toEqual([]);
    expect(message?.MessageAttributes).toBeUndefined();
    const envelope = JSON.parse(message?.Body as string) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
    expect(envelope).toMatchObject({ Type: 'Notification', MessageId, TopicArn, Subject: 'Orders', Message: 'order placed', SignatureVersion: '1' });
    expect(envelope.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(envelope.UnsubscribeURL).toBe(`${local.endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
    expect(envelope.MessageAttributes).toEqual({
      text: { Type: 'String', Value: 'hello' },
      count: { Type: 'Number', Value: '42' },
      tags: { Type: 'String.Array', Value: '["a","b"]' },
      blob: { Type: 'Binary', Value: Buffer.from([1, 2, 255]).toString('base64') },
    });
    const key = await (await fetch(envelope.SigningCertURL as string)).text();
    const signed = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'].map((k) => `${k}\n${String(envelope[k])}\n`).join('');
    expect(createVerify('RSA-SHA1').update(signed).verify(key, envelope.Signature as string, 'base64')).toBe(true);
  });

  it('leaves Subject and MessageAttributes out of the envelope when the publish had none', async () => {
    const TopicArn = await topic();
    const q = await queue();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'plain' }));
    const [message] = await drain(sqs, q.url, 1);
    expect(Object.keys(JSON.parse(message?.Body as string))).toEqual(['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL']);
  });

  it('delivers the bare message with SQS message attributes under raw delivery', async () => {
    const TopicArn = await topic();
    const q = await queue();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new PublishCommand({ TopicArn, Message: '{"id": 7}', MessageAttributes: attributes }));
    const [message, ...rest] = await drain(sqs, q.url, 1);
    expect(rest).toEqual([]);
    expect(message?.Body).toBe('{"id": 7}');
    expect(message?.MessageAttributes).toEqual({
      text: { DataType: 'String', StringValue: 'hello' },
      count: { DataType: 'Number', StringValue: '42' },
      tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
      blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 255]) },
    });
  });

  it('delivers exactly the messages a filter policy of several keys and a numeric range accepts', async () => {
    const TopicArn = await topic();
    const q = await queue();
    const FilterPolicy = JSON.stringify({ store: ['shop', 'outlet'], price: [{ numeric: ['>=', 10, '<', 100] }], kind: [{ prefix: 'order-' }] });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { FilterPolicy, RawMessageDelivery: 'true' } }));
    const publish = (Message: string, store: string, price: string, kind: string) =>
      sns.send(new PublishCommand({ TopicArn, Message, MessageAttributes: { store: { DataType: 'String', StringValue: store }, price: { DataType: 'Number', StringValue: price }, kind: { DataType: 'String', StringValue: kind } } }));
    await publish('in range', 'shop', '10', 'order-created');
    await publish('upper bound is exclusive', 'shop', '100', 'order-created');
    await publish('other store', 'warehouse', '50', 'order-created');
    await publish('other kind', 'outlet', '50', 'refund');
    await publish('outlet in range', 'outlet', '99.99999', 'order-paid');
    await sns.send(new PublishCommand({ TopicArn, Message: 'no attributes at all' }));
    const bodies = (await drain(sqs, q.url, 2)).map((m) => m.Body).sort();
    expect(bodies).toEqual(['in range', 'outlet in range']);
  });

  it('filters on the message body with MessageBody scope, nested keys included', async () => {
    const TopicArn = await topic();
    const q = await queue();
    const FilterPolicy = JSON.stringify({ order: { total: [{ numeric: ['>', 100] }], lines: { sku: [{ prefix: 'BK-' }] } } });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { FilterPolicy, FilterPolicyScope: 'MessageBody', RawMessageDelivery: 'true' } }));
    const big = JSON.stringify({ order: { total: 150, lines: [{ sku: 'TV-1' }, { sku: 'BK-9' }] } });
    await sns.send(new PublishCommand({ TopicArn, Message: big }));
    await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { total: 150, lines: [{ sku: 'TV-1' }] } }) }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'not json' }));
    expect((await drain(sqs, q.url, 1)).map((m) => m.Body)).toEqual([big]);
  });

  it('delivers FIFO topics to FIFO queues in order with group and deduplication ids', async () => {
    const TopicArn = await topic(true);
    const q = await queue(true);
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    for (const body of ['one', 'two', 'one', 'three']) await sns.send(new PublishCommand({ TopicArn, Message: body, MessageGroupId: 'cart-1' }));
    const received = await drain(sqs, q.url, 3);
    expect(received.map((m) => m.Body)).toEqual(['one', 'two', 'three']);
    expect(received.map((m) => m.Attributes?.MessageGroupId)).toEqual(['cart-1', 'cart-1', 'cart-1']);
    expect(received[0]?.Attributes?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends a message that cannot be delivered to the subscription dead-letter queue', async () => {
    const TopicArn = await topic();
    const dlq = await queue();
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:000000000000:missing-${n}`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) } }),
    );
    await sns.send(new PublishCommand({ TopicArn, Message: 'lost' }));
    const [dead] = await drain(sqs, dlq.url, 1);
    expect(JSON.parse(dead?.Body as string)).toMatchObject({ Type: 'Notification', Message: 'lost', TopicArn });
    const sub = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(sub.Attributes?.PendingConfirmation).toBe('false');
  });

  it('unsubscribes when the UnsubscribeURL of a delivered envelope is opened', async () => {
    const TopicArn = await topic();
    const q = await queue();
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'bye' }));
    const [message] = await drain(sqs, q.url, 1);
    const res = await fetch(JSON.parse(message?.Body as string).UnsubscribeURL);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<UnsubscribeResponse');
    const err = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })).catch((e: Error) => e);
    expect((err as Error).name).toBe('NotFoundException');
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { LocalContext, LocalMessageAttribute } from '../../src/local/service';
import { SnsService } from '../../src/local/sns';

/** Records what local SNS hands to its peers; the queue named "missing" does not exist. */
class FakePeers {
  readonly invocations: { functionArn: string; payload: string }[] = [];
  readonly sent: { queueArn: string; body: string; attributes?: Record<string, LocalMessageAttribute>; groupId?: string; deduplicationId?: string }[] = [];
  lambda = { invokeAsync: (functionArn: string, payload: string) => void this.invocations.push({ functionArn, payload }) };
  sqs = {
    deliver: (queueArn: string, message: { body: string; attributes?: Record<string, LocalMessageAttribute>; groupId?: string; deduplicationId?: string }) => {
      if (queueArn.endsWith(':missing')) throw new Error('The specified queue does not exist.');
      this.sent.push({ queueArn, ...message });
      return { messageId: String(this.sent.length) };
    },
  };
}

/** Waits a few turns of the event loop for deliveries, which follow Publish on the next turn. */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('local SNS delivering to its peers (fake SQS and Lambda)', () => {
  let peers: FakePeers;
  let service: SnsService;
  let server: Server;
  let sns: SNSClient;
  let endpoint = '';

  beforeEach(async () => {
    peers = new FakePeers();
    const ctx: LocalContext = { region: 'us-east-1', accountId: '000000000000', endpoint: () => endpoint, peers, lambdaConcurrency: 1 };
    service = new SnsService(ctx);
    server = createServer((req, res) => void service.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sns = new SNSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  afterEach(async () => {
    sns.destroy();
    await service.close();
    await new Promise((r) => server.close(r));
  });

  it('invokes a Lambda subscription with the SNS event record, AWS casing and nulls included', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'events' }));
    const functionArn = 'arn:aws:lambda:us-east-1:000000000000:function:handler';
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: functionArn }));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));
    await settle();
    expect(peers.invocations).toHaveLength(1);
    const event = JSON.parse(peers.invocations[0]?.payload as string);
    expect(peers.invocations[0]?.functionArn).toBe(functionArn);
    expect(Object.keys(event.Records[0])).toEqual(['EventSource', 'EventVersion', 'EventSubscriptionArn', 'Sns']);
    expect(event.Records[0]).toMatchObject({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: SubscriptionArn });
    const record = event.Records[0].Sns;
    expect(Object.keys(record)).toEqual(['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertUrl', 'UnsubscribeUrl', 'MessageAttributes']);
    expect(record).toMatchObject({ Type: 'Notification', MessageId, TopicArn, Subject: null, Message: 'hello', MessageAttributes: {} });
    expect(record.UnsubscribeUrl).toBe(`${endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
  });

  it('sends each protocol its own text under MessageStructure=json', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'structured' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q', Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:r' }));
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for everyone', lambda: 'for lambda', sqs: 'for queues' }) }));
    await settle();
    expect(JSON.parse(peers.invocations[0]?.payload as string).Records[0].Sns.Message).toBe('for lambda');
    expect(peers.sent.map((s) => [s.queueArn.split(':')[5], s.queueArn.endsWith(':q') ? s.body : JSON.parse(s.body).Message])).toEqual([
      ['q', 'for queues'],
      ['r', 'for queues'],
    ]);
  });

  it('passes attributes under raw delivery and group and deduplication ids to FIFO queues', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'orders.fifo', Attributes: { FifoTopic: 'true' } }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:orders.fifo', Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageGroupId: 'g1', MessageDeduplicationId: 'd1', MessageAttributes: { n: { DataType: 'Number', StringValue: '5' } } }));
    await settle();
    expect(peers.sent).toEqual([{ queueArn: 'arn:aws:sqs:us-east-1:000000000000:orders.fifo', body: 'm', attributes: { n: { DataType: 'Number', StringValue: '5' } }, groupId: 'g1', deduplicationId: 'd1' }]);
  });

  it('moves a failed delivery to the dead-letter queue and keeps delivering to the others', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'dlq' }));
    const RedrivePolicy = JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dead' });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:missing', Attributes: { RedrivePolicy, RawMessageDelivery: 'true' } }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:fine', Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'x' }));
    await settle();
    expect(peers.sent.map((s) => [s.queueArn.split(':')[5], s.body])).toEqual([
      ['dead', 'x'],
      ['fine', 'x'],
    ]);
  });
});

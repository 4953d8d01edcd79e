import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startLocalAws, type LocalAws } from '../../src/local';

describe('local SQS persistence across restarts', () => {
  let dataDir: string;
  let local: LocalAws;
  let sqs: SQSClient;

  const start = async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1', dataDir });
    sqs = new SQSClient({ region: 'us-east-1', endpoint: local.endpoint, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  };
  const stop = async () => {
    sqs.destroy();
    await local.close();
  };
  /** The queue URL on the current endpoint (the port changes between starts). */
  const url = (name: string) => `${local.endpoint}/000000000000/${name}`;
  const counts = async (name: string) => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url(name), AttributeNames: ['All'] }));
    return [Attributes?.ApproximateNumberOfMessages, Attributes?.ApproximateNumberOfMessagesNotVisible, Attributes?.ApproximateNumberOfMessagesDelayed];
  };

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sqs-data-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps queues, attributes, tags, messages, in-flight state and FIFO deduplication', async () => {
    await start();
    await sqs.send(new CreateQueueCommand({ QueueName: 'kept', Attributes: { VisibilityTimeout: '120' }, tags: { team: 'core' } }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'kept.fifo', Attributes: { FifoQueue: 'true' } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url('kept'), MessageBody: 'waiting', MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Uint8Array.from([9, 8]) } } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url('kept'), MessageBody: 'delayed', DelaySeconds: 600 }));
    const first = await sqs.send(new SendMessageCommand({ QueueUrl: url('kept.fifo'), MessageBody: 'f1', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    const [inflight] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('kept'), VisibilityTimeout: 600 }))).Messages ?? [];
    expect(inflight?.Body).toBe('waiting');
    await sqs.send(new SendMessageCommand({ QueueUrl: url('kept'), MessageBody: 'visible' }));
    await stop();

    await start();
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls?.sort()).toEqual([url('kept'), url('kept.fifo')]);
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url('kept'), AttributeNames: ['VisibilityTimeout'] }))).Attributes).toEqual({ VisibilityTimeout: '120' });
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url('kept') }))).Tags).toEqual({ team: 'core' });
    expect(await counts('kept')).toEqual(['1', '1', '1']);
    // The receipt handle issued before the restart still works.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url('kept'), ReceiptHandle: inflight?.ReceiptHandle, VisibilityTimeout: 0 }));
    const messages = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('kept'), MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages ?? [];
    const byBody = Object.fromEntries(messages.map((m) => [m.Body, m]));
    expect(Object.keys(byBody).sort()).toEqual(['visible', 'waiting']);
    expect(byBody.waiting?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(Buffer.from(byBody.waiting?.MessageAttributes?.bin?.BinaryValue ?? []).toString('hex')).toBe('0908');
    // FIFO: the deduplication window and the sequence survive too.
    const again = await sqs.send(new SendMessageCommand({ QueueUrl: url('kept.fifo'), MessageBody: 'f1 again', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    expect(again.MessageId).toBe(first.MessageId);
    const next = await sqs.send(new SendMessageCommand({ QueueUrl: url('kept.fifo'), MessageBody: 'f2', MessageGroupId: 'g', MessageDeduplicationId: 'd2' }));
    expect(BigInt(next.SequenceNumber as string)).toBeGreaterThan(BigInt(first.SequenceNumber as string));
    const fifo = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('kept.fifo'), MaxNumberOfMessages: 10 }))).Messages ?? [];
    expect(fifo.map((m) => m.Body)).toEqual(['f1', 'f2']);
    await stop();
  });
});

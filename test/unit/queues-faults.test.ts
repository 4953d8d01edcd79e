import { GetQueueUrlCommand, QueueDoesNotExist, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { QueueUrlCache } from '../../src/datasources/queue-urls';
import { QueuesDataSource } from '../../src/datasources/queues.datasource';
import { AppError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';
import type { BatchMessageInput } from '../../src/types/queue.input';

// Faults a real backend can't be made to produce on demand: per-entry server failures,
// throttling after the SDK's retries, network errors.
const URL = 'http://127.0.0.1:4566/000000000000/jobs';

function source(sqs: SQSClient) {
  const urls = new QueueUrlCache();
  urls.set('jobs', URL);
  return { ds: new QueuesDataSource({ sqs, cursors: new CursorCodec('k'), urls, region: 'us-east-1' }), urls };
}

const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ body: `m${i}` }) as BatchMessageInput);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (err) {
    return err instanceof AppError ? err.code : `unmapped ${(err as Error).name}`;
  }
}

describe('QueuesDataSource under AWS faults', () => {
  const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const sqs = mockClient(client);
  afterEach(() => sqs.reset());

  it('maps failed batch entries back to their index in the input, retrying server-side failures', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: 'x' }, { Id: '2', MessageId: 'c', MD5OfMessageBody: 'x' }],
        Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError', Message: 'try again' }, { Id: '3', SenderFault: true, Code: 'InvalidParameterValue', Message: 'too big for this queue' }],
      })
      .resolvesOnce({ Successful: [{ Id: '1', MessageId: 'b', MD5OfMessageBody: 'x' }], Failed: [] })
      .resolves({ Successful: [{ Id: '10', MessageId: 'k', MD5OfMessageBody: 'x' }], Failed: [] });
    const result = await source(client).ds.sendBatch('jobs', entries(11));
    expect(result.sent.map((s) => s.messageId)).toEqual(['a', 'b', 'c', 'k']);
    expect(result.failed.map((f) => [f.index, f.code])).toEqual([
      [3, 'BAD_USER_INPUT'],
      [4, 'UPSTREAM_UNAVAILABLE'],
      [5, 'UPSTREAM_UNAVAILABLE'],
      [6, 'UPSTREAM_UNAVAILABLE'],
      [7, 'UPSTREAM_UNAVAILABLE'],
      [8, 'UPSTREAM_UNAVAILABLE'],
      [9, 'UPSTREAM_UNAVAILABLE'],
    ]);
    expect(result.failed[0]?.message).toBe('InvalidParameterValue: too big for this queue');
    // Entries SQS answered for in neither list (4-9) are not reported sent.
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.map((e) => e.Id))).toEqual([
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['1'],
      ['10'],
    ]);
  });

  it('reports a throttled batch as THROTTLED failures and still sends the next batch', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'RequestThrottled', $metadata: { httpStatusCode: 400 } });
    sqs.on(SendMessageBatchCommand).rejectsOnce(throttled).resolves({ Successful: [{ Id: '10', MessageId: 'k', MD5OfMessageBody: 'x' }], Failed: [] });
    const result = await source(client).ds.sendBatch('jobs', entries(11));
    expect(result.sent.map((s) => s.messageId)).toEqual(['k']);
    expect(result.failed.map((f) => f.code)).toEqual(Array(10).fill('THROTTLED'));
  });

  it('THROTTLED after the SDK gave up on throttling, UPSTREAM_UNAVAILABLE for network errors', async () => {
    const { ds } = source(client);
    sqs
      .on(ReceiveMessageCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }));
    expect(await codeOf(ds.receive('jobs'))).toBe('THROTTLED');
    expect(await codeOf(ds.receive('jobs'))).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('forgets a cached URL when SQS says the queue is gone', async () => {
    const { ds, urls } = source(client);
    sqs.on(ReceiveMessageCommand).rejects(new QueueDoesNotExist({ message: 'gone', $metadata: {} }));
    sqs.on(GetQueueUrlCommand).rejects(new QueueDoesNotExist({ message: 'gone', $metadata: {} }));
    expect(await codeOf(ds.receive('jobs'))).toBe('NOT_FOUND');
    expect(urls.get('jobs')).toBeUndefined();
    expect(await codeOf(ds.receive('jobs'))).toBe('NOT_FOUND');
    expect(sqs.commandCalls(GetQueueUrlCommand)).toHaveLength(1);
  });
});

describe('QueuesDataSource against an endpoint nobody listens on', () => {
  it('is UPSTREAM_UNAVAILABLE, without the endpoint in the message', async () => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const ds = new QueuesDataSource({ sqs, cursors: new CursorCodec('k'), urls: new QueueUrlCache(), region: 'us-east-1' });
    const err = await ds.get('jobs').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect((err as AppError).message).not.toContain('127.0.0.1');
    sqs.destroy();
  });
});

import { ListTopicsCommand, PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsAccount } from '../../src/aws/sns-account';
import { EventBus } from '../../src/datasources/event-bus';
import { TopicsDataSource } from '../../src/datasources/topics.datasource';
import { AppError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';
import type { Logger } from '../../src/logger';
import type { BatchPublishInput, PublishInput } from '../../src/types/topic.input';

// Faults a real backend can't be made to produce on demand: throttling after the SDK's retries,
// an unreachable SNS, per-entry server failures inside a PublishBatch.
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:orders';
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
const client = new SNSClient({ region: 'us-east-1', credentials });
const sns = mockClient(client);

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
const notFound = () => Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });

function topics() {
  return new TopicsDataSource({ sns: client, region: 'us-east-1', account: new SnsAccount(client), cursors: new CursorCodec('k'), eventsTopic: 'events' });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (err) {
    return err instanceof AppError ? err.code : `unmapped ${(err as Error).name}: ${(err as Error).message}`;
  }
}

const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ message: `m${i}` }) as BatchPublishInput);

beforeEach(() => {
  sns.reset();
  sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: TOPIC }] });
});

describe('TopicsDataSource under AWS faults', () => {
  it('answers THROTTLED and UPSTREAM_UNAVAILABLE for publish and topics', async () => {
    sns.on(PublishCommand).rejectsOnce(throttled()).rejectsOnce(refused());
    const input = { topic: 'orders', message: 'hi' } as PublishInput;
    expect(await codeOf(topics().publish(input))).toBe('THROTTLED');
    expect(await codeOf(topics().publish(input))).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('answers THROTTLED for a throttled topics page', async () => {
    sns.reset();
    sns.on(ListTopicsCommand).rejects(throttled());
    expect(await codeOf(topics().page())).toBe('THROTTLED');
  });

  it('maps failed batch entries back to their index, retrying server-side failures', async () => {
    sns
      .on(PublishBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'a' }, { Id: '2', MessageId: 'c' }],
        Failed: [
          { Id: '1', SenderFault: false, Code: 'InternalError', Message: 'try again' },
          { Id: '3', SenderFault: true, Code: 'InvalidParameter', Message: 'bad entry' },
        ],
      })
      .resolvesOnce({ Successful: [{ Id: '1', MessageId: 'b' }], Failed: [] })
      .resolves({ Successful: [{ Id: '10', MessageId: 'k' }], Failed: [] });
    const result = await topics().publishBatch('orders', entries(11));
    expect(result.published.map((p) => p.messageId)).toEqual(['a', 'b', 'c', 'k']);
    expect(result.failed.map((f) => [f.index, f.code])).toEqual([
      [3, 'BAD_USER_INPUT'],
      ...[4, 5, 6, 7, 8, 9].map((i) => [i, 'UPSTREAM_UNAVAILABLE']),
    ]);
    expect(result.failed[0]?.message).toBe('InvalidParameter: bad entry');
    expect(result.failed[1]?.message).toBe('MissingResult: SNS did not report this entry');
    expect(sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input.PublishBatchRequestEntries?.map((e) => e.Id))).toEqual([
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['1'],
      ['10'],
    ]);
  });

  it('reports a batch that failed as a whole and goes on with the next', async () => {
    sns
      .on(PublishBatchCommand)
      .resolvesOnce({ Successful: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageId: `m${i}` })) })
      .rejectsOnce(throttled())
      .resolvesOnce({ Successful: [{ Id: '20', MessageId: 'm20' }] });
    const result = await topics().publishBatch('orders', entries(21));
    expect(result.published).toHaveLength(11);
    expect(result.failed.map((f) => f.index)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(new Set(result.failed.map((f) => f.code))).toEqual(new Set(['THROTTLED']));
  });

  it('fails the whole call with NOT_FOUND when the topic is gone before anything was published', async () => {
    sns.on(PublishBatchCommand).rejects(notFound());
    await expect(topics().publishBatch('orders', entries(3))).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Topic orders does not exist' });
  });
});

describe('EventBus.emit after a successful write', () => {
  const logger = () => ({ error: jest.fn() }) as unknown as Logger & { error: jest.Mock };
  const bus = (log: Logger) =>
    new EventBus({ sns: client, sqs: new SQSClient({ region: 'us-east-1', credentials }), lambda: new LambdaClient({ region: 'us-east-1', credentials }), region: 'us-east-1', account: new SnsAccount(client), topic: 'events', logger: log });
  const user = { userId: 'u1', email: 'u1@example.com', name: 'U', age: null, version: 1 };

  it('retries throttling and outages, then publishes', async () => {
    sns.on(PublishCommand).rejectsOnce(throttled()).rejectsOnce(refused()).resolves({ MessageId: 'ok' });
    const log = logger();
    const event = await bus(log).emit('user.created', { user });
    expect(event).toMatchObject({ type: 'user.created', source: 'aws-graphql', data: { user } });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(3);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('logs and resolves (never throws) when the event can not be published', async () => {
    sns.on(PublishCommand).rejects(throttled());
    const log = logger();
    await expect(bus(log).emit('user.deleted', { user })).resolves.toBeUndefined();
    expect(sns.commandCalls(PublishCommand)).toHaveLength(3);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ eventType: 'user.deleted', source: 'aws-graphql' }), 'event not published after a successful write');
  });

  it('does not retry what retrying can not fix', async () => {
    sns.on(PublishCommand).rejects(notFound());
    const log = logger();
    await expect(bus(log).emit('user.created', { user })).resolves.toBeUndefined();
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('publishes many events in batches of 10 and logs each one that failed', async () => {
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: Array<{ Id: string }> }) => ({
      Successful: input.PublishBatchRequestEntries.filter((e) => e.Id !== '12').map((e) => ({ Id: e.Id, MessageId: `m${e.Id}` })),
      Failed: input.PublishBatchRequestEntries.filter((e) => e.Id === '12').map((e) => ({ Id: e.Id, SenderFault: true, Code: 'InvalidParameter', Message: 'no' })),
    }));
    const log = logger();
    const published = await bus(log).emitMany('user.created', Array.from({ length: 23 }, (_, i) => ({ user: { ...user, userId: `u${i}` } })));
    expect(published).toBe(22);
    expect(sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input.PublishBatchRequestEntries?.length)).toEqual([10, 10, 3]);
    const attributes = sns.commandCalls(PublishBatchCommand)[0]?.args[0].input.PublishBatchRequestEntries?.[0]?.MessageAttributes;
    expect(attributes).toEqual({ type: { DataType: 'String', StringValue: 'user.created' }, source: { DataType: 'String', StringValue: 'aws-graphql' } });
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ eventType: 'user.created', code: 'BAD_USER_INPUT', eventId: expect.any(String) }), 'event not published after a successful write');
  });
});

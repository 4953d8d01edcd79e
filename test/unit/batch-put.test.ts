import { BatchWriteItemCommand, DynamoDBClient, PutItemCommand, type BatchWriteItemCommandInput } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { batchPut, DEFAULT_BATCH_OPTIONS, type BatchEntry, type BatchPutOptions } from '../../src/datasources/batch-put';

// aws-sdk-client-mock stands in for DynamoDB only for what a real backend can't be made to do on
// demand: leave items unprocessed, fail with throttling or a dropped connection.

const dynamo = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const mock = mockClient(dynamo);
const delays: number[] = [];
const options: BatchPutOptions = { ...DEFAULT_BATCH_OPTIONS, maxAttempts: 4, concurrency: 1, random: () => 1, sleep: async (ms) => void delays.push(ms) };

const entries = (n: number): BatchEntry[] => Array.from({ length: n }, (_, i) => ({ index: i, id: `{"pk":"k${i}"}`, item: { pk: { S: `k${i}` }, v: { N: String(i) } } }));
const sentKeys = (input: BatchWriteItemCommandInput) => (input.RequestItems?.t ?? []).map((r) => r.PutRequest?.Item?.pk?.S);
const unprocessed = (...keys: string[]) => ({ UnprocessedItems: { t: keys.map((k) => ({ PutRequest: { Item: { pk: { S: k } } } })) } });

beforeEach(() => {
  mock.reset();
  delays.length = 0;
});

describe('batchPut', () => {
  it('sends 25 items per BatchWriteItem', async () => {
    mock.on(BatchWriteItemCommand).resolves({});
    const result = await batchPut(dynamo, 't', ['pk'], entries(60), options);
    expect(result).toEqual({ written: 60, failed: [] });
    expect(mock.commandCalls(BatchWriteItemCommand).map((c) => sentKeys(c.args[0].input).length)).toEqual([25, 25, 10]);
  });

  it('retries only the unprocessed items, with growing backoff, and counts each item once', async () => {
    mock.on(BatchWriteItemCommand).resolvesOnce(unprocessed('k1', 'k3')).resolvesOnce(unprocessed('k3')).resolves({});
    const result = await batchPut(dynamo, 't', ['pk'], entries(5), options);
    expect(result).toEqual({ written: 5, failed: [] });
    const calls = mock.commandCalls(BatchWriteItemCommand).map((c) => sentKeys(c.args[0].input));
    expect(calls).toEqual([['k0', 'k1', 'k2', 'k3', 'k4'], ['k1', 'k3'], ['k3']]);
    expect(delays).toEqual([50, 100]);
  });

  it('reports items still unprocessed after the last attempt as THROTTLED, and never as written', async () => {
    mock.on(BatchWriteItemCommand).resolvesOnce(unprocessed('k2', 'k4')).resolves(unprocessed('k4'));
    const result = await batchPut(dynamo, 't', ['pk'], entries(5), options);
    expect(result.written).toBe(4);
    expect(result.failed).toEqual([{ index: 4, id: '{"pk":"k4"}', code: 'THROTTLED', message: expect.stringContaining('unprocessed 4 times') }]);
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('maps unprocessed items back to their positions across chunks', async () => {
    mock.on(BatchWriteItemCommand).resolves({});
    mock.on(BatchWriteItemCommand, { RequestItems: { t: entries(30).slice(25).map((e) => ({ PutRequest: { Item: e.item } })) } }).resolves(unprocessed('k27'));
    const result = await batchPut(dynamo, 't', ['pk'], entries(30), { ...options, maxAttempts: 1 });
    expect(result).toEqual({ written: 29, failed: [{ index: 27, id: '{"pk":"k27"}', code: 'THROTTLED', message: expect.any(String) }] });
  });

  it('reports a chunk that failed with throttling or a dropped connection as failed, not written', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    const dropped = Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
    mock.on(BatchWriteItemCommand).rejectsOnce(throttled).rejectsOnce(dropped).resolves({});
    const result = await batchPut(dynamo, 't', ['pk'], entries(60), options);
    expect(result.written).toBe(10);
    expect(result.failed.filter((f) => f.code === 'THROTTLED').map((f) => f.index)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(result.failed.filter((f) => f.code === 'UPSTREAM_UNAVAILABLE').map((f) => f.index)).toEqual(Array.from({ length: 25 }, (_, i) => i + 25));
  });

  it('writes a refused chunk item by item so only the bad item fails', async () => {
    const invalid = Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' });
    mock.on(BatchWriteItemCommand).rejects(invalid);
    mock.on(PutItemCommand).resolves({});
    mock.on(PutItemCommand, { Item: entries(3)[1]?.item }).rejects(invalid);
    const result = await batchPut(dynamo, 't', ['pk'], entries(3), options);
    expect(result).toEqual({ written: 2, failed: [{ index: 1, id: '{"pk":"k1"}', code: 'BAD_USER_INPUT', message: 'Item size has exceeded the maximum allowed size' }] });
  });

  it('keeps internal error details out of failure messages', async () => {
    mock.on(BatchWriteItemCommand).rejects(Object.assign(new Error('secret endpoint http://10.0.0.1 request id ABC'), { name: 'InternalServerError', $metadata: { httpStatusCode: 400 } }));
    const result = await batchPut(dynamo, 't', ['pk'], entries(1), options);
    expect(result.failed).toEqual([{ index: 0, id: '{"pk":"k0"}', code: 'INTERNAL_SERVER_ERROR', message: 'DynamoDB refused the write (InternalServerError)' }]);
  });
});

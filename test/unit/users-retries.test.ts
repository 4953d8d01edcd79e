import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { batchGet } from '../../src/datasources/batch-get';
import { createUsers } from '../../src/datasources/users.batch';
import { UsersDataSource } from '../../src/datasources/users.datasource';
import { ThrottledError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';
import { RecordingPublisher } from '../helpers/events';

// Faults a real backend can't be made to produce on demand: unprocessed keys, throttled
// transactions, empty scan pages that still have more.
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const mock = mockClient(doc);
const tables = { users: 'users', orders: 'orders', emailIndex: 'email-index', userEmails: 'user-emails' };
const noWait = () => Promise.resolve();
const cancelled = (codes: string[]) => new TransactionCanceledException({ $metadata: {}, message: 'Transaction cancelled', CancellationReasons: codes.map((Code) => ({ Code })) });
const user = (id: string) => ({ user_id: id, email: `${id}@example.com`, name: id, created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z', version: 1 });

beforeEach(() => mock.reset());

describe('batchGet', () => {
  it('retries unprocessed keys until every key is read', async () => {
    mock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { users: [user('a')] }, UnprocessedKeys: { users: { Keys: [{ user_id: 'b' }] } } })
      .resolvesOnce({ Responses: { users: [user('b')] } });
    const found = await batchGet(['a', 'b', 'a'], { doc, table: 'users', keyName: 'user_id', wait: noWait });
    expect([...found.keys()]).toEqual(['a', 'b']);
    const calls = mock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.users?.Keys);
    expect(calls).toEqual([[{ user_id: 'a' }, { user_id: 'b' }], [{ user_id: 'b' }]]);
  });

  it('gives up with THROTTLED when keys stay unprocessed', async () => {
    mock.on(BatchGetCommand).resolves({ Responses: { users: [] }, UnprocessedKeys: { users: { Keys: [{ user_id: 'a' }] } } });
    await expect(batchGet(['a'], { doc, table: 'users', keyName: 'user_id', maxRetries: 2, wait: noWait })).rejects.toBeInstanceOf(ThrottledError);
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(3);
  });
});

describe('createUsers', () => {
  const inputs = [
    { userId: 'u_1', email: 'u1@example.com', name: 'One' },
    { userId: 'u_2', email: 'u2@example.com', name: 'Two' },
  ];

  it('sends a throttled transaction again and counts its users once', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'None', 'ThrottlingError', 'None'])).resolvesOnce({});
    const outcome = await createUsers(inputs, { doc, tables, wait: noWait });
    expect(outcome).toMatchObject({ written: 2, failed: [] });
    expect(outcome.created.map((u) => u.user_id)).toEqual(['u_1', 'u_2']);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('drops a conflicting entry and sends the rest again', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'ConditionalCheckFailed', 'None', 'None'])).resolvesOnce({});
    const outcome = await createUsers(inputs, { doc, tables, wait: noWait });
    expect(outcome.written).toBe(1);
    expect(outcome.failed).toEqual([{ index: 0, id: 'u_1', code: 'CONFLICT', message: 'The email u1@example.com is already in use' }]);
    const second = mock.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems;
    expect(second?.map((t) => t.Put?.Item?.user_id)).toEqual(['u_2', 'u_2']);
  });

  it('reports every entry as THROTTLED, none written, when throttling outlasts the retries', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(['ThrottlingError', 'None', 'None', 'None']));
    const outcome = await createUsers(inputs, { doc, tables, maxRetries: 2, wait: noWait });
    expect(outcome.written).toBe(0);
    expect(outcome.failed.map((f) => [f.index, f.code])).toEqual([
      [0, 'THROTTLED'],
      [1, 'THROTTLED'],
    ]);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('reports the entries of a transaction that failed outright, none written', async () => {
    mock.on(TransactWriteCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const outcome = await createUsers(inputs, { doc, tables, wait: noWait });
    expect(outcome).toMatchObject({ written: 0, failed: [{ index: 0, code: 'THROTTLED' }, { index: 1, code: 'THROTTLED' }] });
  });
});

describe('UsersDataSource.page', () => {
  it('reads on past empty pages that DynamoDB says have more', async () => {
    mock
      .on(ScanCommand)
      .resolvesOnce({ Items: [], ScannedCount: 100, LastEvaluatedKey: { user_id: 'k1' } })
      .resolvesOnce({ Items: [], ScannedCount: 100, LastEvaluatedKey: { user_id: 'k2' } })
      .resolvesOnce({ Items: [user('a'), user('b')], ScannedCount: 40 });
    const users = new UsersDataSource({ doc, tables, cursors: new CursorCodec('s'), events: new RecordingPublisher() });
    const page = await users.page({ nameBeginsWith: 'a' }, 5);
    expect(page.items.map((u) => u.userId)).toEqual(['a', 'b']);
    expect(page).toMatchObject({ scannedCount: 240, nextToken: null });
    expect(mock.commandCalls(ScanCommand).map((c) => c.args[0].input.ExclusiveStartKey)).toEqual([undefined, { user_id: 'k1' }, { user_id: 'k2' }]);
  });

  it('ends a full page after its last user when DynamoDB returned more', async () => {
    mock.on(ScanCommand).resolves({ Items: [user('a'), user('b'), user('c')], ScannedCount: 3, LastEvaluatedKey: { user_id: 'c' } });
    const cursors = new CursorCodec('s');
    const page = await new UsersDataSource({ doc, tables, cursors, events: new RecordingPublisher() }).page({ nameBeginsWith: 'x' }, 2);
    expect(page.items.map((u) => u.userId)).toEqual(['a', 'b']);
    expect(cursors.decode('users', page.nextToken as string)).toEqual({ user_id: 'b' });
  });
});

describe('UsersDataSource.create under contention', () => {
  const users = () => new UsersDataSource({ doc, tables, cursors: new CursorCodec('s'), events: new RecordingPublisher() });

  it('answers THROTTLED when the transaction was cancelled for throttling', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(['ThrottlingError', 'None']));
    await expect(users().create({ userId: 'u_1', email: 'u1@example.com', name: 'One' })).rejects.toMatchObject({ code: 'THROTTLED' });
  });

  it('answers CONFLICT when a concurrent transaction held the same items', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(['None', 'TransactionConflict']));
    await expect(users().create({ userId: 'u_1', email: 'u1@example.com', name: 'One' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

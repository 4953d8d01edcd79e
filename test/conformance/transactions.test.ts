import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { backendNames, startBackend, type Backend } from '../helpers/backends';

const S = (s: string) => ({ S: s });

describe.each(backendNames())('TransactWriteItems / TransactGetItems on %s', (name) => {
  let backend: Backend;
  let table = '';
  let n = 0;

  beforeAll(async () => {
    backend = await startBackend(name);
  });
  afterAll(() => backend.stop());

  beforeEach(async () => {
    table = `tx-${++n}`;
    await backend.clients.dynamo.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await backend.clients.dynamo.send(new PutItemCommand({ TableName: table, Item: { pk: S('a'), v: { N: '1' } } }));
  });

  const write = (items: TransactWriteItem[]) => backend.clients.dynamo.send(new TransactWriteItemsCommand({ TransactItems: items }));
  const keys = async () => ((await backend.clients.dynamo.send(new ScanCommand({ TableName: table }))).Items ?? []).map((i) => i.pk?.S).sort();
  const cancellation = async (items: TransactWriteItem[]) => {
    const err = await write(items).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransactionCanceledException);
    return err as TransactionCanceledException;
  };

  it('applies Put, Update, Delete and a passing ConditionCheck together', async () => {
    await backend.clients.dynamo.send(new PutItemCommand({ TableName: table, Item: { pk: S('gone') } }));
    await write([
      { Put: { TableName: table, Item: { pk: S('b'), v: { N: '7' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Update: { TableName: table, Key: { pk: S('a') }, UpdateExpression: 'SET #v = #v + :one', ExpressionAttributeNames: { '#v': 'v' }, ExpressionAttributeValues: { ':one': { N: '1' } }, ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { TableName: table, Key: { pk: S('gone') } } },
      { ConditionCheck: { TableName: table, Key: { pk: S('absent') }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    expect(await keys()).toEqual(['a', 'b']);
    const a = await backend.clients.dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: S('a') } }));
    expect(a.Item?.v).toEqual({ N: '2' });
  });

  it('writes nothing when one condition fails, with one reason per item and the old item on ALL_OLD', async () => {
    const err = await cancellation([
      { Put: { TableName: table, Item: { pk: S('b') } } },
      { Put: { TableName: table, Item: { pk: S('a'), v: { N: '99' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
      { Delete: { TableName: table, Key: { pk: S('a2') } } },
    ]);
    expect(err.name).toBe('TransactionCanceledException');
    expect(err.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]');
    expect(err.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: S('a'), v: { N: '1' } } },
      { Code: 'None' },
    ]);
    expect(await keys()).toEqual(['a']);
  });

  it('reports a failed ConditionCheck without the item when ALL_OLD is not asked for', async () => {
    const err = await cancellation([
      { ConditionCheck: { TableName: table, Key: { pk: S('a') }, ConditionExpression: 'v = :two', ExpressionAttributeValues: { ':two': { N: '2' } } } },
      { Put: { TableName: table, Item: { pk: S('c') } } },
    ]);
    expect(err.CancellationReasons).toEqual([{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }]);
    expect(await keys()).toEqual(['a']);
  });

  it('refuses two operations on one item', async () => {
    await expect(
      write([
        { Put: { TableName: table, Item: { pk: S('c') } } },
        { Delete: { TableName: table, Key: { pk: S('c') } } },
      ]),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await keys()).toEqual(['a']);
  });

  it('lets exactly one of many concurrent claims on one item win', async () => {
    const claims = Array.from({ length: 8 }, (_, i) =>
      write([
        { Put: { TableName: table, Item: { pk: S(`user-${i}`) } } },
        { Put: { TableName: table, Item: { pk: S('claim'), owner: S(`user-${i}`) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]).then(
        () => 'won',
        (e: unknown) => (e as Error).name,
      ),
    );
    const outcomes = await Promise.all(claims);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'TransactionCanceledException')).toHaveLength(7);
    const winner = outcomes.indexOf('won');
    expect(await keys()).toEqual(['a', 'claim', `user-${winner}`].sort());
  });

  it('reads items in the order asked, an empty response where there is none', async () => {
    await backend.clients.dynamo.send(new PutItemCommand({ TableName: table, Item: { pk: S('b'), name: S('Bo') } }));
    const out = await backend.clients.dynamo.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: table, Key: { pk: S('b') }, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'name' } } },
          { Get: { TableName: table, Key: { pk: S('missing') } } },
          { Get: { TableName: table, Key: { pk: S('a') } } },
        ],
      }),
    );
    // moto 5.2.1 ignores ProjectionExpression in TransactGetItems; AWS applies it (TransactGetItems,
    // Get.ProjectionExpression), and so does the local AWS.
    const projected = name === 'moto' ? { pk: S('b'), name: S('Bo') } : { name: S('Bo') };
    expect(out.Responses?.map((r) => r.Item)).toEqual([projected, undefined, { pk: S('a'), v: { N: '1' } }]);
  });
});

describe('TransactWriteItems on the local AWS', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend('local');
    await backend.clients.dynamo.send(
      new CreateTableCommand({ TableName: 'tx-local', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
  });
  afterAll(() => backend.stop());

  // moto answers a plain ValidationException here (and also writes nothing); AWS documents a
  // validation error caused by the transaction's own changes as a TransactionCanceledException
  // with a ValidationError reason (TransactionCanceledException reference), which the local AWS follows.
  it('undoes the writes already applied when a later one fails on the stored data', async () => {
    const err = await backend.clients.dynamo
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'tx-local', Item: { pk: S('new') } } },
            { Update: { TableName: 'tx-local', Key: { pk: S('x') }, UpdateExpression: 'SET v = v + :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
          ],
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e as TransactionCanceledException,
      );
    expect(err?.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ValidationError']);
    const scan = await backend.clients.dynamo.send(new ScanCommand({ TableName: 'tx-local' }));
    expect(scan.Count).toBe(0);
  });

  it('answers a repeated ClientRequestToken without writing again, and refuses it for other items', async () => {
    const put = (pk: string) => new TransactWriteItemsCommand({ ClientRequestToken: 'tok-1', TransactItems: [{ Put: { TableName: 'tx-local', Item: { pk: S(pk) }, ConditionExpression: 'attribute_not_exists(pk)' } }] });
    await backend.clients.dynamo.send(put('once'));
    await expect(backend.clients.dynamo.send(put('once'))).resolves.toBeDefined();
    await expect(backend.clients.dynamo.send(put('other'))).rejects.toMatchObject({ name: 'IdempotentParameterMismatchException' });
  });
});

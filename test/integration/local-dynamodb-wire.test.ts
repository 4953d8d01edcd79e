import net from 'node:net';
import { CreateTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';

/** What a client that gives up half-way through a request body leaves behind. */
const SIGNED = 'Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x\r\nx-amz-date: 20240101T000000Z\r\n';

/** Opens a DynamoDB PutItem whose body is cut short: the socket stays open until `stop()`, which resets it. */
function partialRequest(port: number): Promise<{ stop: () => void }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nx-amz-target: DynamoDB_20120810.PutItem\r\ncontent-type: application/x-amz-json-1.0\r\n${SIGNED}Content-Length: 1000\r\n\r\n{"TableName":"wire","It`);
      // Give the server time to see the headers and start reading the body.
      setTimeout(() => resolve({ stop: () => socket.resetAndDestroy() }), 100);
    });
    socket.on('error', reject);
  });
}

/** An item attribute nested `levels` maps deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { S: 'x' };
  for (let i = 0; i < levels; i++) value = { M: { a: value } };
  return value;
}

describe('local DynamoDB on the wire: clients that misbehave', () => {
  let local: LocalAws;
  let clients: AwsClients;
  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
    clients = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
    await clients.dynamo.send(new CreateTableCommand({ TableName: 'wire', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
  });
  afterAll(async () => {
    clients.destroy();
    await local.close();
  });

  it('keeps answering, transactions included, while a request body is half sent, and after that client resets', async () => {
    const slow = await partialRequest(local.port);
    // A transaction needs the store to itself; a half-read request must not be holding it.
    await clients.dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'wire', Item: { id: { S: 'during' } } } }] }));
    expect((await clients.dynamo.send(new ListTablesCommand({}))).TableNames).toEqual(['wire']);
    slow.stop();
    await new Promise((r) => setTimeout(r, 100));
    const { Item } = await clients.dynamo.send(new GetItemCommand({ TableName: 'wire', Key: { id: { S: 'during' } } }));
    expect(Item).toEqual({ id: { S: 'during' } });
  });

  it('refuses an item nested thousands of levels deep as DynamoDB does, and keeps answering', async () => {
    // Sent by hand: the SDK's own serializer overflows its stack on such an item before sending it.
    const raw = async (target: string, body: string) => {
      const res = await fetch(local.endpoint, { method: 'POST', body, headers: { 'x-amz-target': `DynamoDB_20120810.${target}`, 'content-type': 'application/x-amz-json-1.0', authorization: SIGNED.split('\r\n')[0]!.slice('Authorization: '.length), 'x-amz-date': '20240101T000000Z' } });
      return { status: res.status, body: await res.json() };
    };
    const refused = { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit' } };
    const deep = `${'{"M":{"a":'.repeat(5000)}{"S":"x"}${'}}'.repeat(5000)}`;
    expect(await raw('PutItem', `{"TableName":"wire","Item":{"id":{"S":"deep"},"doc":${deep}}}`)).toEqual(refused);
    expect(await raw('TransactWriteItems', `{"TransactItems":[{"Put":{"TableName":"wire","Item":{"id":{"S":"deep"},"doc":${deep}}}}]}`)).toEqual(refused);
    await expect(clients.dynamo.send(new PutItemCommand({ TableName: 'wire', Item: { id: { S: 'deep-100' }, doc: nested(100) as never } }))).rejects.toMatchObject({ name: 'ValidationException', message: refused.body.message });
    // What DynamoDB takes (31 maps around a value: 32 levels) is stored.
    await clients.dynamo.send(new PutItemCommand({ TableName: 'wire', Item: { id: { S: 'deep-31' }, doc: nested(31) as never } }));
    const { Item } = await clients.dynamo.send(new GetItemCommand({ TableName: 'wire', Key: { id: { S: 'deep-31' } } }));
    expect(Item?.doc).toEqual(nested(31));
  });
});

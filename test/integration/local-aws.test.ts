import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { buildClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';

describe('embedded local AWS dispatcher', () => {
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
  });
  afterAll(() => local.close());

  it('serves DynamoDB and counts requests per operation, readable over HTTP', async () => {
    const clients = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
    await clients.dynamo.send(new CreateTableCommand({ TableName: 'counted', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
    const { TableNames } = await clients.dynamo.send(new ListTablesCommand({}));
    clients.destroy();
    expect(TableNames).toEqual(['counted']);
    const counts = (await (await fetch(`${local.endpoint}/_local/requests`)).json()) as Record<string, number>;
    expect(counts['dynamodb:CreateTable']).toBe(1);
    expect(counts['dynamodb:ListTables']).toBe(1);
    const before = (await (await fetch(`${local.endpoint}/_local/requests`, { method: 'DELETE' })).json()) as Record<string, number>;
    expect(before['dynamodb:ListTables']).toBe(1);
    const after = (await (await fetch(`${local.endpoint}/_local/requests`)).json()) as Record<string, number>;
    expect(after).toEqual({});
  });

  it('answers a request no service understands with an AWS-shaped 400', async () => {
    const res = await fetch(`${local.endpoint}/nothing-here`, { method: 'POST', body: 'x=1' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('counts at most 500 operation names, whatever names clients make up', async () => {
    await fetch(`${local.endpoint}/_local/requests`, { method: 'DELETE' });
    for (let i = 0; i < 600; i++) {
      const res = await fetch(local.endpoint, { method: 'POST', headers: { 'x-amz-target': `AmazonSQS.Made${i}Up${'x'.repeat(i % 2 ? 1000 : 0)}`, 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
      expect(res.status).toBe(400);
    }
    const counts = (await (await fetch(`${local.endpoint}/_local/requests`)).json()) as Record<string, number>;
    expect(Object.keys(counts).length).toBeLessThanOrEqual(501);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(600);
    expect(counts['sqs:(other)']).toBeGreaterThanOrEqual(300);
  });
});

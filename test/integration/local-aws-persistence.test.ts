import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AddPermissionCommand, GetFunctionConfigurationCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';
import { createFunction } from '../helpers/lambda';

/**
 * Every service of the local AWS through one restart on the same data directory: what each
 * keeps (tables and items, queues and messages, topics and subscriptions, functions and their
 * policies), and that the links between them still work afterwards (SNS to SQS through a filter
 * policy, SNS to Lambda, and the function's own SDK calls to DynamoDB). Each service's own
 * persistence details are tested with it (local-sqs-persistence, local-sns-email, local-lambda-tools).
 */
const ACCOUNT = '000000000000';
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:events`;
const QUEUE_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:inbox`;

/** Records each SNS message it gets as an item of the `events` table (pk "sns", sk the message's id). */
const RECORDER = `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});
exports.handler = async (event) => {
  for (const record of event.Records) {
    const { id } = JSON.parse(record.Sns.Message);
    await db.send(new PutItemCommand({ TableName: 'events', Item: { pk: { S: 'sns' }, sk: { N: String(id) }, kind: { S: record.Sns.MessageAttributes.kind.Value } } }));
  }
};
`;

describe('the local AWS with a data directory, every service through one restart', () => {
  let dataDir: string;
  let local: LocalAws | undefined;
  let aws: AwsClients;

  async function start(): Promise<void> {
    local = await startLocalAws({ port: 0, region: 'us-east-1', dataDir });
    aws = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
  }
  async function stop(): Promise<void> {
    aws.destroy();
    await local?.close();
    local = undefined;
  }
  const queueUrl = () => `${local?.endpoint}/${ACCOUNT}/inbox`;
  const counts = async () => {
    const { Attributes: a } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl(), AttributeNames: ['All'] }));
    return [a?.ApproximateNumberOfMessages, a?.ApproximateNumberOfMessagesNotVisible];
  };
  /** The item the recorder function writes for message `id`, once it is there. */
  async function recorded(id: number): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { Item } = await aws.doc.send(new GetCommand({ TableName: 'events', Key: { pk: 'sns', sk: id } }));
      if (Item || Date.now() > deadline) return Item;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'local-aws-data-'));
  });
  afterAll(async () => {
    await local?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps tables, items, queues, messages, topics, subscriptions and functions, still linked together', async () => {
    await start();
    await aws.dynamo.send(
      new CreateTableCommand({
        TableName: 'events',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'kind', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        GlobalSecondaryIndexes: [{ IndexName: 'by-kind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    for (const sk of [1, 2, 3]) await aws.doc.send(new PutCommand({ TableName: 'events', Item: { pk: 'seed', sk, kind: sk === 2 ? 'keep' : 'drop', tags: new Set(['a', `t${sk}`]) } }));
    await aws.sqs.send(new CreateQueueCommand({ QueueName: 'inbox', Attributes: { VisibilityTimeout: '60' }, tags: { team: 'core' } }));
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: 'first' }));
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: 'second' }));
    // One of the two goes in flight for 10 minutes (a standard queue may hand out either).
    const inFlight = (await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(), VisibilityTimeout: 600, MaxNumberOfMessages: 1 }))).Messages?.[0]?.Body;
    expect(['first', 'second']).toContain(inFlight);
    const waiting = inFlight === 'first' ? 'second' : 'first';
    await aws.sns.send(new CreateTopicCommand({ Name: 'events', Attributes: { DisplayName: 'Events' }, Tags: [{ Key: 'team', Value: 'core' }] }));
    const recorder = await createFunction(aws.lambda, 'recorder', { 'index.js': RECORDER });
    await aws.lambda.send(new AddPermissionCommand({ FunctionName: 'recorder', StatementId: 'sns-events', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: TOPIC_ARN }));
    const toQueue = await aws.sns.send(
      new SubscribeCommand({ TopicArn: TOPIC_ARN, Protocol: 'sqs', Endpoint: QUEUE_ARN, Attributes: { RawMessageDelivery: 'true', FilterPolicy: '{"kind":["keep"]}' }, ReturnSubscriptionArn: true }),
    );
    const toFunction = await aws.sns.send(new SubscribeCommand({ TopicArn: TOPIC_ARN, Protocol: 'lambda', Endpoint: recorder.FunctionArn }));
    await stop();

    await start();
    // DynamoDB: the table with its index, and its items with their types.
    expect((await aws.dynamo.send(new ListTablesCommand({}))).TableNames).toEqual(['events']);
    const { Table } = await aws.dynamo.send(new DescribeTableCommand({ TableName: 'events' }));
    expect([Table?.TableStatus, Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus])]).toEqual(['ACTIVE', [['by-kind', 'ACTIVE']]]);
    const seeded = await aws.doc.send(new QueryCommand({ TableName: 'events', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'seed' } }));
    expect(seeded.Items).toEqual([1, 2, 3].map((sk) => ({ pk: 'seed', sk, kind: sk === 2 ? 'keep' : 'drop', tags: new Set(['a', `t${sk}`]) })));
    const kept = await aws.doc.send(new QueryCommand({ TableName: 'events', IndexName: 'by-kind', KeyConditionExpression: 'kind = :k', ExpressionAttributeValues: { ':k': 'keep' } }));
    expect(kept.Items?.map((i) => i.sk)).toEqual([2]);
    // SQS: the queue (on the new port), its settings and tags, one message waiting and one in flight.
    expect((await aws.sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual([queueUrl()]);
    expect((await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl(), AttributeNames: ['VisibilityTimeout'] }))).Attributes).toEqual({ VisibilityTimeout: '60' });
    expect((await aws.sqs.send(new ListQueueTagsCommand({ QueueUrl: queueUrl() }))).Tags).toEqual({ team: 'core' });
    expect(await counts()).toEqual(['1', '1']);
    // SNS: the topic, its attributes and both subscriptions with theirs.
    expect((await aws.sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: TOPIC_ARN }]);
    expect((await aws.sns.send(new GetTopicAttributesCommand({ TopicArn: TOPIC_ARN }))).Attributes?.DisplayName).toBe('Events');
    const subscriptions = (await aws.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions ?? [];
    expect(subscriptions.map((s) => [s.SubscriptionArn, s.Protocol, s.Endpoint]).sort()).toEqual(
      [
        [toQueue.SubscriptionArn, 'sqs', QUEUE_ARN],
        [toFunction.SubscriptionArn, 'lambda', recorder.FunctionArn],
      ].sort(),
    );
    // Lambda: the function's code and its resource policy.
    expect((await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'recorder' }))).CodeSha256).toBe(recorder.CodeSha256);
    expect(JSON.parse((await aws.lambda.send(new GetPolicyCommand({ FunctionName: 'recorder' }))).Policy ?? '{}').Statement[0].Sid).toBe('sns-events');

    // Together: a publish reaches the queue through the kept filter policy, and the function, which writes to the kept table.
    await aws.sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: '{"id":7}', MessageAttributes: { kind: { DataType: 'String', StringValue: 'keep' } } }));
    await aws.sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: '{"id":8}', MessageAttributes: { kind: { DataType: 'String', StringValue: 'drop' } } }));
    expect([await recorded(7), await recorded(8)]).toEqual([
      { pk: 'sns', sk: 7, kind: 'keep' },
      { pk: 'sns', sk: 8, kind: 'drop' },
    ]);
    const { Messages } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(), MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    expect(Messages?.map((m) => [m.Body, m.MessageAttributes?.kind?.StringValue]).sort()).toEqual([
      [waiting, undefined],
      ['{"id":7}', 'keep'],
    ].sort());
    await stop();
  });
});

import type { App } from '../../src/app';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, type Projection } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../../src/config';
import { MissingResourceError, setupResources } from '../../src/setup';
import { gqlData, startTestApp } from '../helpers/app';
import { localAwsPerSuite } from '../helpers/local-aws';
import { motoAvailable, motoPerSuite } from '../helpers/moto';

/**
 * AWS mode against a DynamoDB whose tables exist but are not the API's: a users table without its
 * email index or whose index projects less than ALL, an orders table with another key. The start stops with one line naming the table,
 * what is wrong and the fix; `npm run setup` adds a missing index where DynamoDB can (AWS, moto).
 */
/** The error a start or setup stops with; a start that succeeds is closed again. */
const failure = (p: Promise<unknown>) =>
  p.then(
    async (started) => {
      if (started && typeof started === 'object' && 'close' in started) await (started as App).close();
      return new Error('succeeded');
    },
    (err: Error) => err,
  );

/** The users table as an older setup might have left it: the right key, no global index. */
const usersWithoutIndex = (TableName: string) =>
  new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }] });

describe('table shapes in AWS mode, on the local AWS started alone', () => {
  const aws = localAwsPerSuite();
  const env = (extra: Record<string, string> = {}) => ({ MODE: 'AWS', AWS_ENDPOINT_URL: aws.local.endpoint, AWS_MAX_ATTEMPTS: '1', ...extra });

  it('a users table without the email index stops the start, naming the table, the index and npm run setup', async () => {
    await setupResources(aws.clients, loadConfig(env()));
    await aws.clients.dynamo.send(new DeleteTableCommand({ TableName: 'users' }));
    await aws.clients.dynamo.send(usersWithoutIndex('users'));
    const err = await failure(startTestApp(env()));
    expect(err).toBeInstanceOf(MissingResourceError);
    expect(err.message).toBe('DynamoDB table users has no global index email-index in us-east-1; run `npm run setup` to add it');
  });

  it('setup cannot add the index on the local AWS (dynalite refuses the UpdateTable) and says so in one line', async () => {
    const err = await failure(setupResources(aws.clients, loadConfig(env())));
    expect(err).toBeInstanceOf(MissingResourceError);
    // dynalite asks for ProvisionedThroughput on an on-demand table's new index, which AWS requires be left out.
    expect(err.message).toBe(
      "DynamoDB table users has no global index email-index and this DynamoDB did not add it (UpdateTable refused: 1 validation error detected: Value null at 'globalSecondaryIndexUpdates.1.member.create.provisionedThroughput' failed to satisfy constraint: Member must not be null); delete the table and run `npm run setup` to create it with the index",
    );
  });

  it('a users table whose email index projects KEYS_ONLY or INCLUDE stops the start and setup with one line', async () => {
    const projections: Array<[string, Projection, string]> = [
      ['keys', { ProjectionType: 'KEYS_ONLY' }, 'KEYS_ONLY'],
      ['include', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name'] }, 'INCLUDE (name)'],
    ];
    for (const [suffix, Projection, shown] of projections) {
      const TableName = `users-${suffix}`;
      await aws.clients.dynamo.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }, { AttributeName: 'email', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [{ IndexName: 'email-index', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection }],
        }),
      );
      const config = env({ USERS_TABLE: TableName });
      await setupResources(aws.clients, loadConfig({ ...config, USERS_TABLE: 'users-ok' }));
      const line = `DynamoDB table ${TableName} has global index email-index with projection ${shown} but the API needs ALL (it reads whole items from the index); a projection can't be changed in place: delete the index or the table, then run \`npm run setup\``;
      expect((await failure(startTestApp(config))).message).toBe(line);
      expect((await failure(setupResources(aws.clients, loadConfig(config)))).message).toBe(line);
    }
  });

  it('an orders table with another key stops the start and setup, naming both keys', async () => {
    await aws.clients.dynamo.send(
      new CreateTableCommand({ TableName: 'orders-flat', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }] }),
    );
    const config = env({ USERS_TABLE: 'users-ok', ORDERS_TABLE: 'orders-flat' });
    await setupResources(aws.clients, loadConfig({ ...config, ORDERS_TABLE: 'orders-ok' }));
    const line = 'DynamoDB table orders-flat has key order_id (S) but the API needs user_id (S) + order_date (S); configure another table name or delete that table, then run `npm run setup`';
    expect((await failure(startTestApp(config))).message).toBe(line);
    expect((await failure(setupResources(aws.clients, loadConfig(config)))).message).toBe(line);
    const app = await startTestApp({ ...config, ORDERS_TABLE: 'orders-ok' });
    await app.close();
  });
});

const run = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn('setup index suite (moto) skipped: it needs moto_server, whose UpdateTable adds indexes as AWS does');

run('setup adds a missing email index (moto)', () => {
  const aws = motoPerSuite();

  it('with UpdateTable, reports it, and userByEmail then answers', async () => {
    const env = { MODE: 'AWS', AWS_ENDPOINT_URL: aws.moto.endpoint, AWS_MAX_ATTEMPTS: '1' };
    await aws.clients.dynamo.send(usersWithoutIndex('users'));
    expect(await setupResources(aws.clients, loadConfig(env))).toEqual(['index users.email-index', 'table orders', 'table user-emails', 'topic aws-graphql-events']);
    const index = (await aws.clients.dynamo.send(new DescribeTableCommand({ TableName: 'users' }))).Table?.GlobalSecondaryIndexes?.[0];
    expect(index).toMatchObject({ IndexName: 'email-index', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } });
    expect(await setupResources(aws.clients, loadConfig(env))).toEqual([]);
    const app = await startTestApp(env);
    try {
      await gqlData(app, 'mutation { createUser(input: { userId: "ann_01", email: "ann@example.com", name: "Ann" }) { userId } }');
      expect(await gqlData(app, 'query { userByEmail(email: "ann@example.com") { userId } }')).toEqual({ userByEmail: { userId: 'ann_01' } });
    } finally {
      await app.close();
    }
  });
});

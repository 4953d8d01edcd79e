import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AwsClients } from './aws/clients';
import { ConfigError, type Config } from './config';
import { isUnavailable, networkCode } from './errors';
import { parseArn } from './lib/arn';
import { indexKeyMismatch, indexProjectionMismatch, keyMismatch, missingIndexes } from './lib/table-shape';

/** Raised at start when AWS lacks something the API needs; the message names the fix. */
export class MissingResourceError extends Error {
  override name = 'MissingResourceError';
}

/** The tables (and index) the API needs, as CreateTable requests. */
export function tableDefinitions(config: Config): CreateTableCommandInput[] {
  const { users, orders, emailIndex, userEmails } = config.tables;
  return [
    {
      TableName: users,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'user_id', AttributeType: 'S' },
        { AttributeName: 'email', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        { IndexName: emailIndex, KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      ],
    },
    {
      TableName: orders,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'user_id', AttributeType: 'S' },
        { AttributeName: 'order_date', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'user_id', KeyType: 'HASH' },
        { AttributeName: 'order_date', KeyType: 'RANGE' },
      ],
    },
    {
      // One item per email in use ({ email, user_id }), written in the same transaction as the
      // user, so two users can never hold one email (a global index can't refuse duplicates).
      TableName: userEmails,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
    },
  ];
}

/**
 * Creates whatever of the API's resources is missing, including a global index an existing table
 * lacks; safe to run again and again. An existing table with another key stops it (it can't be changed).
 */
export async function setupResources(clients: AwsClients, config: Config): Promise<string[]> {
  const created: string[] = [];
  for (const table of tableDefinitions(config)) {
    try {
      await clients.dynamo.send(new CreateTableCommand(table));
      created.push(`table ${table.TableName}`);
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
      created.push(...(await completeTable(clients.dynamo, table)));
    }
  }
  if (!(await findTopicArn(clients.sns, config.eventsTopic))) {
    await clients.sns.send(new CreateTopicCommand({ Name: config.eventsTopic }));
    created.push(`topic ${config.eventsTopic}`);
  }
  return created;
}

/** Adds the global indexes an existing table lacks (UpdateTable, one at a time as AWS requires); returns what it added. */
async function completeTable(dynamo: DynamoDBClient, wanted: CreateTableCommandInput): Promise<string[]> {
  const name = wanted.TableName!;
  const found = await describe(dynamo, name);
  shapeCheck(found, wanted);
  const added: string[] = [];
  for (const index of missingIndexes(found, wanted)) {
    const notAdded = (why: string) =>
      new MissingResourceError(`DynamoDB table ${name} has no global index ${index.IndexName} and this DynamoDB did not add it (${why}); delete the table and run \`npm run setup\` to create it with the index`);
    try {
      await dynamo.send(new UpdateTableCommand({ TableName: name, AttributeDefinitions: wanted.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: indexCreation(found, index) }] }));
    } catch (err) {
      // dynalite (the embedded local AWS) can't add an index to a table: it refuses an on-demand
      // table's new index without ProvisionedThroughput (which on-demand tables don't take on AWS)
      // and, given one, answers without adding the index.
      if ((err as Error).name === 'ValidationException') throw notAdded(`UpdateTable refused: ${(err as Error).message}`);
      throw err;
    }
    if (!(await describe(dynamo, name)).GlobalSecondaryIndexes?.some((i) => i.IndexName === index.IndexName)) throw notAdded('UpdateTable was ignored');
    added.push(`index ${name}.${index.IndexName}`);
  }
  return added;
}

/** The index as UpdateTable creates it: a provisioned table needs throughput for it, taken from the table's. */
function indexCreation(found: TableDescription, index: GlobalSecondaryIndex): GlobalSecondaryIndex {
  if (found.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' || !found.ProvisionedThroughput) return index;
  const { ReadCapacityUnits, WriteCapacityUnits } = found.ProvisionedThroughput;
  return { ...index, ProvisionedThroughput: { ReadCapacityUnits, WriteCapacityUnits } };
}

async function describe(dynamo: DynamoDBClient, name: string): Promise<TableDescription> {
  return (await dynamo.send(new DescribeTableCommand({ TableName: name }))).Table ?? {};
}

/** Stops with one line when an existing table's key, or an index's key or projection, is not the API's: none can be changed in place. */
function shapeCheck(found: TableDescription, wanted: CreateTableCommandInput): void {
  const indexes = wanted.GlobalSecondaryIndexes ?? [];
  const problem = keyMismatch(found, wanted) ?? indexes.map((i) => indexKeyMismatch(found, i, wanted.AttributeDefinitions)).find(Boolean);
  if (problem) throw new MissingResourceError(`DynamoDB table ${wanted.TableName} ${problem}; configure another table name or delete that table, then run \`npm run setup\``);
  const projection = indexes.map((i) => indexProjectionMismatch(found, i)).find(Boolean);
  if (projection) throw new MissingResourceError(`DynamoDB table ${wanted.TableName} ${projection}; a projection can't be changed in place: delete the index or the table, then run \`npm run setup\``);
}

/** The ARN of the caller's topic with this name in the client's region, paging through ListTopics; undefined when there is none. */
export async function findTopicArn(sns: SNSClient, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListTopicsCommand({ NextToken }));
    const found = page.Topics?.find((t) => parseArn(t.TopicArn ?? '')?.resource === name);
    if (found?.TopicArn) return found.TopicArn;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/** Checks that the API's resources exist (AWS mode); throws naming the first missing one and the fix. */
export async function verifyResources(clients: AwsClients, config: Config): Promise<void> {
  try {
    await verifyEach(clients, config);
  } catch (err) {
    throw awsStartFailure(err, config);
  }
}

const REFUSED_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'InvalidClientTokenId', 'ExpiredTokenException', 'ExpiredToken', 'SignatureDoesNotMatch']);

/**
 * Why AWS could not be used at start (or by `npm run setup`), as a one-line ConfigError naming the
 * setting to change: no credentials, credentials AWS refuses, an endpoint nobody answers on.
 * Anything else is returned as it is.
 */
export function awsStartFailure(err: unknown, config: Config): unknown {
  const name = (err as Error | undefined)?.name ?? '';
  if (name === 'CredentialsProviderError') {
    return new ConfigError('MODE=AWS found no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or unset MODE to use the embedded local AWS');
  }
  if (REFUSED_CREDENTIALS.has(name)) return new ConfigError(`AWS refused the credentials (${name}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or AWS_PROFILE)`);
  if (!isUnavailable(err)) return err;
  const code = networkCode(err) ?? name;
  return config.endpoint
    ? new ConfigError(`AWS_ENDPOINT_URL=${config.endpoint} is not reachable (${code}); start it, or unset it (and MODE) to use the embedded local AWS`)
    : new ConfigError(`AWS in ${config.region} is not reachable (${code}); check the network and AWS_REGION`);
}

async function verifyEach(clients: AwsClients, config: Config): Promise<void> {
  for (const table of tableDefinitions(config)) {
    let found: TableDescription;
    try {
      found = await describe(clients.dynamo, table.TableName!);
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        throw new MissingResourceError(`DynamoDB table ${table.TableName} does not exist in ${config.region}; run \`npm run setup\` to create it`);
      }
      throw err;
    }
    shapeCheck(found, table);
    const [missing] = missingIndexes(found, table);
    if (missing) throw new MissingResourceError(`DynamoDB table ${table.TableName} has no global index ${missing.IndexName} in ${config.region}; run \`npm run setup\` to add it`);
    const building = found.GlobalSecondaryIndexes?.find((i) => i.IndexStatus && i.IndexStatus !== 'ACTIVE' && table.GlobalSecondaryIndexes?.some((w) => w.IndexName === i.IndexName));
    if (building) throw new MissingResourceError(`DynamoDB global index ${building.IndexName} of table ${table.TableName} is ${building.IndexStatus}; start again once it is ACTIVE`);
  }
  if (!(await findTopicArn(clients.sns, config.eventsTopic))) {
    throw new MissingResourceError(`SNS topic ${config.eventsTopic} (EVENTS_TOPIC) does not exist in ${config.region}; run \`npm run setup\` to create it`);
  }
}

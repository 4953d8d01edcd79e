import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AwsClients } from './aws/clients';
import { ConfigError, type Config } from './config';
import { isUnavailable, networkCode } from './errors';
import { parseArn } from './lib/arn';

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

/** Creates whatever of the API's resources is missing; safe to run again and again. */
export async function setupResources(clients: AwsClients, config: Config): Promise<string[]> {
  const created: string[] = [];
  for (const table of tableDefinitions(config)) {
    try {
      await clients.dynamo.send(new CreateTableCommand(table));
      created.push(`table ${table.TableName}`);
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
  }
  if (!(await findTopicArn(clients.sns, config.eventsTopic))) {
    await clients.sns.send(new CreateTopicCommand({ Name: config.eventsTopic }));
    created.push(`topic ${config.eventsTopic}`);
  }
  return created;
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
    try {
      await clients.dynamo.send(new DescribeTableCommand({ TableName: table.TableName }));
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        throw new MissingResourceError(`DynamoDB table ${table.TableName} does not exist in ${config.region}; run \`npm run setup\` to create it`);
      }
      throw err;
    }
  }
  if (!(await findTopicArn(clients.sns, config.eventsTopic))) {
    throw new MissingResourceError(`SNS topic ${config.eventsTopic} (EVENTS_TOPIC) does not exist in ${config.region}; run \`npm run setup\` to create it`);
  }
}

import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Pluggable } from '@smithy/types';
import type { Config } from '../config';
import { ValidationError } from '../errors';
import { unpairedSurrogatePath } from '../lib/validate';

/** The SDK clients of the process, built once at start and shared by every request. */
export interface AwsClients {
  dynamo: DynamoDBClient;
  /** Document client: plain JS values in and out, empty strings and undefined removed. */
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  /**
   * A separate SQS client for the subscription pollers: each long poll holds a socket for up
   * to 20 s, and they must not starve the API's own SQS calls of sockets.
   */
  sqsPoller: SQSClient;
  sns: SNSClient;
  lambda: LambdaClient;
  destroy(): void;
}

type ClientSettings = Pick<Config, 'region' | 'endpoint' | 'awsMaxAttempts'>;

/** Local endpoints need some credentials to sign with; AWS mode uses the default provider chain. */
const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

function common(settings: ClientSettings, maxSockets: number) {
  const keepAlive = { keepAlive: true, maxSockets };
  return {
    region: settings.region,
    endpoint: settings.endpoint,
    maxAttempts: settings.awsMaxAttempts,
    retryMode: 'standard',
    ...(settings.endpoint && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE ? { credentials: LOCAL_CREDENTIALS } : {}),
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(keepAlive),
      httpsAgent: new HttpsAgent(keepAlive),
      connectionTimeout: 3000,
    }),
  };
}

/** Builds every client from the config; `endpoint` overrides AWS for all of them; `instrument` (the metrics) goes on each. */
export function buildClients(settings: ClientSettings, instrument?: Pluggable<any, any>): AwsClients {
  const dynamo = new DynamoDBClient(common(settings, 50));
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  // The SDK would send each request to the host of its QueueUrl (a client's URL could name any host).
  const sqs = new SQSClient({ ...common(settings, 50), useQueueUrlAsEndpoint: false });
  const sqsPoller = new SQSClient({ ...common(settings, 1000), maxAttempts: 1, useQueueUrlAsEndpoint: false });
  const sns = new SNSClient(common(settings, 50));
  refuseUnpairedSurrogates(sns);
  const lambda = new LambdaClient({ ...common(settings, 50), maxAttempts: 1 });
  // `doc` shares the middleware stack of `dynamo`: instrumenting both would count its calls twice.
  if (instrument) for (const client of [dynamo, sqs, sqsPoller, sns, lambda]) client.middlewareStack.use(instrument);
  return {
    dynamo,
    doc,
    sqs,
    sqsPoller,
    sns,
    lambda,
    destroy() {
      for (const client of [doc, dynamo, sqs, sqsPoller, sns, lambda]) client.destroy();
    },
  };
}

/**
 * SNS speaks AWS's query protocol, whose URL encoding throws on an unpaired UTF-16 surrogate, and
 * the SDK's shared serializer then keeps half that request and prepends it to the client's next one
 * (@aws-sdk/core 3.981). Such input is refused before it is serialized; the resolvers check their
 * fields first, so this only guards what they might miss.
 */
function refuseUnpairedSurrogates(sns: SNSClient): void {
  sns.middlewareStack.add(
    (next) => async (args) => {
      const field = unpairedSurrogatePath(args.input);
      if (field !== undefined) throw ValidationError.of(field, `${field} contains an unpaired UTF-16 surrogate, which is not text`);
      return next(args);
    },
    { step: 'initialize', name: 'refuseUnpairedSurrogates' },
  );
}

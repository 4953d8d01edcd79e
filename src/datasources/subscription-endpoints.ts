import { AddPermissionCommand, GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { isEmail } from 'class-validator';
import { isThrottling, isUnavailable, NotFoundError, PreconditionFailedError, translateAwsError, ValidationError } from '../errors';
import { checkRegion, parseArn, parseQueueUrl, queueAccountOf, queueNameOf } from '../lib/arn';
import { retry } from '../lib/retry';
import { Protocol } from '../types/topic.type';
import { grantId, grantTopic, UnreadablePolicyError } from './access-policy';

const QUEUE_MISSING = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'NonExistentQueue']);
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

/** Checks an endpoint's form for its protocol, before any AWS call. */
export function endpointProblem(protocol: Protocol, endpoint: string): string | undefined {
  switch (protocol) {
    case Protocol.SQS: {
      const arn = parseArn(endpoint);
      const ok = arn ? arn.service === 'sqs' && QUEUE_NAME.test(arn.resource) : parseQueueUrl(endpoint) !== undefined || QUEUE_NAME.test(endpoint);
      return ok ? undefined : 'endpoint must be a queue name, URL or ARN for protocol SQS';
    }
    case Protocol.LAMBDA: {
      const arn = parseArn(endpoint);
      const ok = arn ? arn.service === 'lambda' && /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/.test(arn.resource) : FUNCTION_NAME.test(endpoint);
      return ok ? undefined : 'endpoint must be a function name or ARN for protocol LAMBDA';
    }
    case Protocol.EMAIL:
    case Protocol.EMAIL_JSON:
      return isEmail(endpoint) ? undefined : `endpoint must be an email address for protocol ${protocol === Protocol.EMAIL ? 'EMAIL' : 'EMAIL_JSON'}`;
    case Protocol.HTTP:
    case Protocol.HTTPS:
      return urlScheme(endpoint) === protocol ? undefined : `endpoint must be an ${protocol}:// URL for protocol ${protocol.toUpperCase()}`;
    default: {
      const never: never = protocol;
      return `unsupported protocol ${String(never)}`;
    }
  }
}

function urlScheme(text: string): string | undefined {
  try {
    return new URL(text).protocol.replace(/:$/, '');
  } catch {
    return undefined;
  }
}

/** Queue policies are read, merged and written back; one writer per queue at a time in this process. */
const policyLocks = new Map<string, Promise<unknown>>();

async function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = policyLocks.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  policyLocks.set(key, next);
  try {
    return await next;
  } finally {
    if (policyLocks.get(key) === next) policyLocks.delete(key);
  }
}

/**
 * Turns a subscription endpoint into what SNS takes (a queue ARN, a function ARN) and gives the
 * topic the right to deliver there: a statement in the queue's policy, or a Lambda permission.
 */
export class SubscriptionEndpoints {
  constructor(private readonly deps: { sqs: SQSClient; lambda: LambdaClient; region: string }) {}

  /** The SNS endpoint for the protocol, with delivery permission granted to the topic. */
  async prepare(protocol: Protocol, endpoint: string, topicArn: string): Promise<string> {
    if (protocol === Protocol.SQS) return this.grantQueue(endpoint, topicArn);
    if (protocol === Protocol.LAMBDA) return this.grantFunction(endpoint, topicArn);
    return endpoint;
  }

  /** Adds (once) a statement letting the topic send to the queue, keeping the policy's other statements. */
  async grantQueue(ref: string, topicArn: string): Promise<string> {
    const url = await this.queueUrl(ref);
    const attrs = await this.sqsCall(ref, () => this.deps.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })));
    const queueArn = attrs.Attributes?.QueueArn ?? '';
    await serialized(queueArn, async () => {
      const current = await this.sqsCall(ref, () => this.deps.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] })));
      let policy: string | undefined;
      try {
        policy = grantTopic(current.Attributes?.Policy, queueArn, topicArn);
      } catch (err) {
        if (err instanceof UnreadablePolicyError) throw new PreconditionFailedError(`Queue ${ref} has a policy that can't be read: ${err.message}`, { cause: err });
        throw err;
      }
      if (policy) await this.sqsCall(ref, () => this.deps.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: policy } })));
    });
    return queueArn;
  }

  /** Lets SNS invoke the function for this topic; an existing statement for it is fine. */
  async grantFunction(ref: string, topicArn: string): Promise<string> {
    const fn = await this.lambdaCall(ref, () => this.deps.lambda.send(new GetFunctionCommand({ FunctionName: ref })));
    const functionArn = ref.startsWith('arn:') ? ref : fn.Configuration?.FunctionArn ?? ref;
    const permission = new AddPermissionCommand({
      FunctionName: functionArn,
      StatementId: grantId('sns-', topicArn),
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: topicArn,
    });
    // ResourceConflictException: the statement id is taken, i.e. this topic was granted before.
    const alreadyGranted = (err: { name?: string }) => (err?.name === 'ResourceConflictException' ? undefined : Promise.reject(err));
    await this.lambdaCall(ref, () => this.deps.lambda.send(permission).catch(alreadyGranted));
    return functionArn;
  }

  /** The queue's URL from SQS: a client's URL is never called as it is (its host could be anyone's). */
  private async queueUrl(ref: string): Promise<string> {
    checkRegion(ref, 'endpoint', this.deps.region, 'queue');
    const input = { QueueName: queueNameOf(ref), QueueOwnerAWSAccountId: queueAccountOf(ref) };
    const out = await this.sqsCall(ref, () => this.deps.sqs.send(new GetQueueUrlCommand(input)));
    return out.QueueUrl ?? '';
  }

  private async sqsCall<T>(ref: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      const e = err as { name?: string; Code?: string };
      if (QUEUE_MISSING.has(e.name ?? '') || QUEUE_MISSING.has(e.Code ?? '')) throw new NotFoundError(`Queue ${ref} does not exist`, { cause: err });
      throw translateAwsError(err, `grant the topic access to queue ${ref}`);
    }
  }

  /** The Lambda client makes one attempt per call (the invoker counts its own retries), so throttling is retried here. */
  private async lambdaCall<T>(ref: string, send: () => Promise<T>): Promise<T> {
    try {
      return (await retry(send, { retries: 2, isRetryable: (err) => isThrottling(err) || isUnavailable(err) })).value;
    } catch (err) {
      const e = err as { name?: string };
      if (e.name === 'ResourceNotFoundException') throw new NotFoundError(`Function ${ref} does not exist`, { cause: err });
      if (e.name === 'InvalidParameterValueException') throw ValidationError.of('endpoint', `Lambda refused the function ${ref}`);
      throw translateAwsError(err, `grant the topic access to function ${ref}`);
    }
  }
}

import { SnsError, invalidParameter } from './errors';

/** Where the ARNs of this local SNS live. */
export interface SnsScope {
  region: string;
  accountId: string;
}

interface SnsArnParts {
  region: string;
  accountId: string;
  topic: string;
  subscription?: string;
}

function split(arn: string, member: string): string[] {
  const parts = arn.split(':');
  if (parts.length < 6) throw invalidParameter(`Invalid parameter: ${member} Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  return parts;
}

function owned(parts: string[], scope: SnsScope, member: string, action: string, arn: string): SnsArnParts {
  const [prefix, , service, region = '', accountId = '', topic = '', subscription] = parts;
  if (prefix !== 'arn' || service !== 'sns' || !topic || parts.length > 7) throw invalidParameter(`Invalid parameter: ${member}`);
  if (region !== scope.region) throw invalidParameter(`Invalid parameter: ${member}`);
  if (accountId !== scope.accountId) {
    throw new SnsError('AuthorizationError', `User: arn:aws:iam::${scope.accountId}:root is not authorized to perform: SNS:${action} on resource: ${arn}`, 403);
  }
  return { region, accountId, topic, subscription };
}

/** Checks a topic ARN given in `member` the way SNS does and returns the topic name. */
export function topicNameFromArn(arn: string | undefined, scope: SnsScope, action: string, member = 'TopicArn'): string {
  const parts = split(arn ?? '', member);
  const parsed = owned(parts, scope, member, action, arn ?? '');
  if (parsed.subscription !== undefined) throw invalidParameter(`Invalid parameter: ${member}`);
  return parsed.topic;
}

/** Checks a subscription ARN the way SNS does (Unsubscribe, Get/SetSubscriptionAttributes). */
export function checkSubscriptionArn(arn: string | undefined, scope: SnsScope, action: string): void {
  if (arn === undefined) throw invalidParameter('Invalid parameter: SubscriptionArn Reason: no value for required parameter');
  const parsed = owned(split(arn, 'SubscriptionArn'), scope, 'SubscriptionArn', action, arn);
  if (!parsed.subscription) throw invalidParameter('Invalid parameter: SubscriptionId');
}

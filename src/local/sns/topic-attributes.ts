import { effectiveTopicPolicy, validateTopicDeliveryPolicy } from './delivery-policy';
import { invalidParameter } from './errors';
import type { SnsRuntime } from './runtime';
import type { Topic } from './state';

const FEEDBACK = ['Application', 'HTTP', 'Lambda', 'SQS', 'Firehose'].flatMap((p) => [
  `${p}SuccessFeedbackRoleArn`,
  `${p}SuccessFeedbackSampleRate`,
  `${p}FailureFeedbackRoleArn`,
]);
const SETTABLE = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
  'DataProtectionPolicy',
  ...FEEDBACK,
]);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'ArchivePolicy', 'FifoThroughputScope']);

const oneOf = (name: string, value: string, allowed: string[]) => {
  if (!allowed.includes(value)) throw invalidParameter(`Invalid parameter: ${name}: Invalid value [${value}]. Must be one of ${allowed.join(', ')}.`);
};

function jsonObject(name: string, value: string): void {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return;
  } catch {
    // reported below
  }
  throw invalidParameter(`Invalid parameter: ${name}: failed to parse JSON.`);
}

/** Whether SetTopicAttributes (and CreateTopic) accept the attribute name. */
export function isSettableTopicAttribute(name: string): boolean {
  return SETTABLE.has(name);
}

/** Checks one attribute value for a topic the way SNS does; throws InvalidParameter. */
export function validateTopicAttribute(name: string, value: string, fifo: boolean): void {
  if (FIFO_ONLY.has(name) && !fifo) throw invalidParameter(`Invalid parameter: ${name}: ${name} can only be set for FIFO topics`);
  switch (name) {
    case 'ContentBasedDeduplication':
      return oneOf(name, value, ['true', 'false']);
    case 'SignatureVersion':
      return oneOf(name, value, ['1', '2']);
    case 'TracingConfig':
      return oneOf(name, value, ['PassThrough', 'Active']);
    case 'FifoThroughputScope':
      return oneOf(name, value, ['Topic', 'MessageGroup']);
    case 'DeliveryPolicy':
      return value === '' ? undefined : validateTopicDeliveryPolicy(value);
    case 'Policy':
    case 'ArchivePolicy':
    case 'DataProtectionPolicy':
      return jsonObject(name, value);
    case 'DisplayName':
      if (value.length > 100) throw invalidParameter('Invalid parameter: DisplayName: must be at most 100 characters');
      return undefined;
    default:
      return undefined;
  }
}

/** The access policy AWS gives a new topic. */
export function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

/** GetTopicAttributes: what AWS reports for a topic, its counts computed from the subscriptions. */
export function describeTopic(topic: Topic, rt: SnsRuntime): Map<string, string> {
  const subs = rt.state.subscriptionsOf(topic.arn);
  const { DisplayName = '', Policy, DeliveryPolicy, ...rest } = topic.attributes;
  const attributes = new Map<string, string>([
    ['Policy', Policy ?? defaultTopicPolicy(topic.arn, rt.accountId)],
    ['Owner', rt.accountId],
    ['SubscriptionsPending', String(subs.filter((s) => s.pending).length)],
    ['TopicArn', topic.arn],
    ['EffectiveDeliveryPolicy', effectiveTopicPolicy(DeliveryPolicy || undefined)],
    ['SubscriptionsConfirmed', String(subs.filter((s) => !s.pending).length)],
    ['DisplayName', DisplayName],
    ['SubscriptionsDeleted', String(topic.deleted)],
  ]);
  if (DeliveryPolicy) attributes.set('DeliveryPolicy', DeliveryPolicy);
  if (topic.fifo) {
    attributes.set('FifoTopic', 'true');
    attributes.set('ContentBasedDeduplication', rest.ContentBasedDeduplication ?? 'false');
  }
  for (const [name, value] of Object.entries(rest)) if (!attributes.has(name)) attributes.set(name, value);
  return attributes;
}

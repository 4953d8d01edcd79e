import { compileFilterPolicy, FilterPolicyError, type FilterPolicyScope } from '../../lib/filter-policy';
import { parseArn } from '../../lib/arn';
import { effectiveTopicPolicy, validateSubscriptionDeliveryPolicy } from './delivery-policy';
import { invalidParameter, SnsError } from './errors';
import type { SnsRuntime } from './runtime';
import type { Protocol, Subscription, Topic } from './state';

const SETTABLE = new Set(['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);
const RAW_PROTOCOLS: Protocol[] = ['sqs', 'http', 'https'];

export function isSettableSubscriptionAttribute(name: string): boolean {
  return SETTABLE.has(name);
}

/**
 * Checks and normalises the attributes of a Subscribe or SetSubscriptionAttributes call against
 * the subscription's protocol and topic; returns the values to store. `prefix` is AWS's
 * "Invalid parameter: Attributes Reason: " for Subscribe and "Invalid parameter: " for Set.
 */
export function validateSubscriptionAttributes(
  given: Map<string, string>,
  current: Record<string, string>,
  protocol: Protocol,
  topic: Topic,
  prefix: string,
): Map<string, string> {
  const result = new Map<string, string>();
  const fail = (reason: string) => invalidParameter(`${prefix}${reason}`);
  for (const [name, value] of given) {
    switch (name) {
      case 'RawMessageDelivery': {
        const normal = value.toLowerCase();
        if (normal !== 'true' && normal !== 'false') throw fail(`RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
        if (normal === 'true' && !RAW_PROTOCOLS.includes(protocol)) throw invalidParameter(`Invalid parameter: Delivery protocol [${protocol}] does not support raw message delivery.`);
        result.set(name, normal);
        break;
      }
      case 'FilterPolicyScope':
        if (value !== 'MessageAttributes' && value !== 'MessageBody') throw fail(`FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
        result.set(name, value);
        break;
      case 'RedrivePolicy':
        result.set(name, redrivePolicy(value, topic, fail));
        break;
      case 'DeliveryPolicy':
        if (value) wrap(() => validateSubscriptionDeliveryPolicy(value), prefix);
        result.set(name, value);
        break;
      case 'FilterPolicy':
      case 'SubscriptionRoleArn':
      case 'ReplayPolicy':
        result.set(name, value);
        break;
      default:
        throw prefix === 'Invalid parameter: ' ? invalidParameter('Invalid parameter: AttributeName') : fail(`Unknown attribute ${name}`);
    }
  }
  const policy = result.get('FilterPolicy') ?? current.FilterPolicy;
  if (policy && policy !== '{}') checkFilterPolicy(policy, (result.get('FilterPolicyScope') ?? current.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope, prefix);
  return result;
}

/** Errors raised with "Invalid parameter: X" are re-prefixed for Subscribe's Attributes. */
function wrap(check: () => void, prefix: string): void {
  try {
    check();
  } catch (err) {
    if (err instanceof SnsError) throw invalidParameter(err.message.replace('Invalid parameter: ', prefix));
    throw err;
  }
}

function checkFilterPolicy(policy: string, scope: FilterPolicyScope, prefix: string): void {
  try {
    compileFilterPolicy(policy, scope);
  } catch (err) {
    if (!(err instanceof FilterPolicyError)) throw err;
    const standard = err.message === `Invalid parameter: FilterPolicy: ${err.reason}`;
    throw invalidParameter(standard ? `${prefix}FilterPolicy: ${err.reason}` : err.message);
  }
}

function redrivePolicy(value: string, topic: Topic, fail: (reason: string) => SnsError): string {
  let target: unknown;
  try {
    target = (JSON.parse(value) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
  } catch (err) {
    throw fail(`RedrivePolicy: failed to parse JSON. ${(err as Error).message}`);
  }
  const arn = typeof target === 'string' ? parseArn(target) : undefined;
  if (!arn || arn.service !== 'sqs') throw fail('RedrivePolicy: deadLetterTargetArn is an invalid arn');
  if (topic.fifo && !arn.resource.endsWith('.fifo')) throw fail('RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.');
  return value;
}

/** GetSubscriptionAttributes: what AWS reports for a subscription. */
export function describeSubscription(sub: Subscription, topic: Topic | undefined, rt: SnsRuntime): Map<string, string> {
  const { FilterPolicy, FilterPolicyScope, RawMessageDelivery, DeliveryPolicy, ...rest } = sub.attributes;
  const attributes = new Map<string, string>([
    ['ConfirmationWasAuthenticated', String(sub.authenticated)],
    ['Owner', rt.accountId],
    ['TopicArn', sub.topicArn],
    ['Endpoint', sub.endpoint],
    ['Protocol', sub.protocol],
    ['PendingConfirmation', String(sub.pending)],
    ['SubscriptionPrincipal', `arn:aws:iam::${rt.accountId}:root`],
    ['SubscriptionArn', sub.arn],
  ]);
  if (!sub.protocol.startsWith('email')) attributes.set('RawMessageDelivery', RawMessageDelivery ?? 'false');
  if (FilterPolicy) {
    attributes.set('FilterPolicy', FilterPolicy);
    attributes.set('FilterPolicyScope', FilterPolicyScope ?? 'MessageAttributes');
  }
  if (sub.protocol === 'http' || sub.protocol === 'https') {
    if (DeliveryPolicy) attributes.set('DeliveryPolicy', DeliveryPolicy);
    attributes.set('EffectiveDeliveryPolicy', effectiveSubscriptionPolicy(topic, DeliveryPolicy));
  }
  for (const [name, value] of Object.entries(rest)) attributes.set(name, value);
  return attributes;
}

function effectiveSubscriptionPolicy(topic: Topic | undefined, own: string | undefined): string {
  const http = (JSON.parse(effectiveTopicPolicy(topic?.attributes.DeliveryPolicy || undefined)) as { http: Record<string, unknown> }).http;
  const mine = own && http.disableSubscriptionOverrides !== true ? (JSON.parse(own) as Record<string, unknown>) : {};
  return JSON.stringify({
    healthyRetryPolicy: { ...(http.defaultHealthyRetryPolicy as object), ...(mine.healthyRetryPolicy as object | undefined) },
    ...(mine.throttlePolicy ? { throttlePolicy: mine.throttlePolicy } : {}),
    requestPolicy: { ...(http.defaultRequestPolicy as object), ...(mine.requestPolicy as object | undefined) },
  });
}

import { randomBytes, randomUUID } from 'node:crypto';
import { checkSubscriptionArn } from './arns';
import { checkEndpoint, checkProtocol } from './endpoints';
import { invalidParameter, subscriptionNotFound } from './errors';
import { page } from './paging';
import type { QueryParams } from './query';
import type { Operation, SnsRuntime } from './runtime';
import type { Protocol, Subscription, Topic } from './state';
import { describeSubscription, isSettableSubscriptionAttribute, validateSubscriptionAttributes } from './subscription-attributes';
import { topicOf } from './topics';
import { XmlMap } from './xml';

const SUBSCRIBE_PREFIX = 'Invalid parameter: Attributes Reason: ';
const TOKEN = /^[0-9a-f]{32,512}$/;
/** Defaults a Subscribe call may repeat without changing the subscription. */
const DEFAULTS: Record<string, string> = { RawMessageDelivery: 'false', FilterPolicyScope: 'MessageAttributes' };

function needsConfirmation(protocol: Protocol): boolean {
  return protocol === 'http' || protocol === 'https' || protocol === 'email' || protocol === 'email-json';
}

function subscriptionOf(params: QueryParams, rt: SnsRuntime, action: string): Subscription {
  const arn = params.get('SubscriptionArn');
  checkSubscriptionArn(arn, rt, action);
  const sub = rt.state.subscriptions.get(arn as string);
  if (!sub) throw subscriptionNotFound();
  return sub;
}

/** Subscribe of an existing endpoint returns it, unless the given attributes differ from its own. */
function existingSubscription(rt: SnsRuntime, topic: Topic, protocol: Protocol, endpoint: string, attributes: Map<string, string>): Subscription | undefined {
  const sub = rt.state.subscriptionsOf(topic.arn).find((s) => s.protocol === protocol && s.endpoint === endpoint);
  if (!sub) return undefined;
  const same = [...attributes].every(([name, value]) => (sub.attributes[name] ?? DEFAULTS[name] ?? '') === value);
  if (!same) throw invalidParameter(`${SUBSCRIBE_PREFIX}Subscription already exists with different attributes`);
  return sub;
}

function listed(sub: Subscription, accountId: string) {
  return { SubscriptionArn: sub.pending ? 'PendingConfirmation' : sub.arn, Owner: accountId, Protocol: sub.protocol, Endpoint: sub.endpoint, TopicArn: sub.topicArn };
}

export const subscriptionOperations: Record<string, Operation> = {
  Subscribe(params, rt) {
    const topic = topicOf(params, rt, 'Subscribe');
    const protocol = checkProtocol(params.get('Protocol') ?? '');
    const endpoint = checkEndpoint(protocol, params.get('Endpoint'), topic);
    const attributes = validateSubscriptionAttributes(params.map('Attributes'), {}, protocol, topic, SUBSCRIBE_PREFIX);
    const returnArn = params.get('ReturnSubscriptionArn') === 'true';
    let sub = existingSubscription(rt, topic, protocol, endpoint, attributes);
    if (!sub) {
      const pending = needsConfirmation(protocol);
      sub = { arn: `${topic.arn}:${randomUUID()}`, topicArn: topic.arn, protocol, endpoint, attributes: Object.fromEntries(attributes), pending, authenticated: !pending };
      if (pending) sub.token = randomBytes(128).toString('hex');
      rt.state.subscriptions.set(sub.arn, sub);
      rt.state.changed();
    }
    if (sub.pending) rt.requestConfirmation(topic, sub);
    return { SubscriptionArn: sub.pending && !returnArn ? 'pending confirmation' : sub.arn };
  },

  ConfirmSubscription(params, rt) {
    const topicArn = params.get('TopicArn') ?? '';
    const token = params.get('Token') ?? '';
    if (!/^arn:[^:]+:sns:[^:]+:\d{12}:[A-Za-z0-9_.-]+$/.test(topicArn)) throw invalidParameter('Invalid parameter: Topic');
    if (!TOKEN.test(token)) throw invalidParameter('Invalid token');
    const sub = [...rt.state.subscriptions.values()].find((s) => s.topicArn === topicArn && s.token === token);
    if (!sub) throw invalidParameter('Invalid parameter: Token');
    if (sub.pending) {
      sub.pending = false;
      sub.authenticated = params.get('AuthenticateOnUnsubscribe') === 'true';
      rt.state.changed();
    }
    return { SubscriptionArn: sub.arn };
  },

  Unsubscribe(params, rt) {
    const arn = params.get('SubscriptionArn');
    checkSubscriptionArn(arn, rt, 'Unsubscribe');
    const sub = rt.state.subscriptions.get(arn as string);
    // Unsubscribing twice succeeds, as on AWS.
    if (sub) {
      rt.state.subscriptions.delete(sub.arn);
      const topic = rt.state.topics.get(sub.topicArn);
      if (topic) topic.deleted += 1;
      rt.state.changed();
      rt.announceUnsubscribe(sub);
    }
    return undefined;
  },

  ListSubscriptions(params, rt) {
    const result = page([...rt.state.subscriptions.values()], params.get('NextToken'));
    return { Subscriptions: result.items.map((s) => listed(s, rt.accountId)), NextToken: result.nextToken };
  },

  ListSubscriptionsByTopic(params, rt) {
    const topic = topicOf(params, rt, 'ListSubscriptionsByTopic');
    const result = page(rt.state.subscriptionsOf(topic.arn), params.get('NextToken'));
    return { Subscriptions: result.items.map((s) => listed(s, rt.accountId)), NextToken: result.nextToken };
  },

  GetSubscriptionAttributes(params, rt) {
    const sub = subscriptionOf(params, rt, 'GetSubscriptionAttributes');
    return { Attributes: new XmlMap(describeSubscription(sub, rt.state.topics.get(sub.topicArn), rt)) };
  },

  SetSubscriptionAttributes(params, rt) {
    const sub = subscriptionOf(params, rt, 'SetSubscriptionAttributes');
    const name = params.get('AttributeName') ?? '';
    if (!isSettableSubscriptionAttribute(name)) throw invalidParameter('Invalid parameter: AttributeName');
    const topic = rt.state.topics.get(sub.topicArn);
    if (!topic) throw subscriptionNotFound();
    const values = validateSubscriptionAttributes(new Map([[name, params.get('AttributeValue') ?? '']]), sub.attributes, sub.protocol, topic, 'Invalid parameter: ');
    for (const [key, value] of values) {
      // An empty value (or an empty FilterPolicy object) removes the attribute.
      if (value === '' || (key === 'FilterPolicy' && value.trim() === '{}')) delete sub.attributes[key];
      else sub.attributes[key] = value;
    }
    rt.state.changed();
    return undefined;
  },
};

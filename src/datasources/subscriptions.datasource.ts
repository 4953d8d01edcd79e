import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type SNSClient,
  type Subscription,
} from '@aws-sdk/client-sns';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import DataLoader from 'dataloader';
import type { SnsAccount } from '../aws/sns-account';
import { ValidationError, type FieldError } from '../errors';
import { checkRegion, parseArn } from '../lib/arn';
import type { CursorCodec } from '../lib/cursor';
import type { SubscribeInput } from '../types/topic.input';
import type { MessageAttributeInput } from '../types/attribute.type';
import { FilterPolicyScope, Protocol, type FilterPolicyCheck, type SubscriptionSettings, type TopicSubscription, type TopicSubscriptionPage } from '../types/topic.type';
import { checkFilterPolicy, filterPolicyProblem, policyText } from './filter-policies';
import { decodeNextToken } from './next-token';
import { endpointProblem, SubscriptionEndpoints } from './subscription-endpoints';
import { snsError, subscriptionNotFound, TopicRefs, topicNotFound } from './topic-refs';

export interface SubscriptionsDeps {
  sns: SNSClient;
  sqs: SQSClient;
  lambda: LambdaClient;
  region: string;
  account: SnsAccount;
  cursors: CursorCodec;
}

/** What AWS lists for a subscription that has not been confirmed yet. */
const PENDING = 'PendingConfirmation';
const RAW_PROTOCOLS = new Set([Protocol.SQS, Protocol.HTTP, Protocol.HTTPS]);
const PROTOCOLS = new Set<string>(Object.values(Protocol));
const NO_SETTINGS: SubscriptionSettings = { filterPolicy: null, filterPolicyScope: null, rawMessageDelivery: false };

/** SNS subscriptions: subscribe (with delivery permissions), unsubscribe, filter policies, pages per topic. */
export class SubscriptionsDataSource {
  private readonly refs: TopicRefs;
  private readonly endpoints: SubscriptionEndpoints;
  private readonly settingsLoader = new DataLoader<string, SubscriptionSettings>((arns) => Promise.all(arns.map((arn) => this.readSettings(arn))));

  constructor(private readonly deps: SubscriptionsDeps) {
    this.refs = new TopicRefs(deps);
    this.endpoints = new SubscriptionEndpoints(deps);
  }

  /** One page (SNS pages by 100) of the topic's subscriptions; protocols the API does not model are left out. */
  async page(topicArn: string, nextToken?: string | null): Promise<TopicSubscriptionPage> {
    const scope = `subscriptions:${topicArn}`;
    const position = nextToken ? decodeNextToken<string>(this.deps.cursors, scope, nextToken) : undefined;
    const out = await this.call(() => this.deps.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: position })), `list subscriptions of ${topicArn}`, 'nextToken', () => topicNotFound(topicArn));
    const items = (out.Subscriptions ?? []).filter((s) => PROTOCOLS.has(s.Protocol ?? '')).map(fromListing);
    return { items, nextToken: out.NextToken ? this.deps.cursors.encode(scope, out.NextToken) : null };
  }

  /** Filter policy, scope and raw delivery of a subscription (known, or read once per request). */
  async settings(sub: TopicSubscription): Promise<SubscriptionSettings> {
    if (sub.settings) return sub.settings;
    return sub.pendingConfirmation && sub.arn === PENDING ? NO_SETTINGS : this.settingsLoader.load(sub.arn);
  }

  /** Validates a policy and says whether a sample message would be delivered, with the local SNS's own matcher. */
  checkFilterPolicy(policy: unknown, scope: FilterPolicyScope, message?: string | null, attributes?: MessageAttributeInput[] | null): FilterPolicyCheck {
    return checkFilterPolicy(policy, scope, message, attributes);
  }

  /**
   * Subscribes an endpoint. SQS and Lambda endpoints are resolved to ARNs and the topic is
   * allowed to deliver to them first, so no early message is refused; filter policy, scope and
   * raw delivery are subscription attributes from the start.
   */
  async subscribe(given: SubscribeInput): Promise<TopicSubscription> {
    const input = withDefaults(given);
    const problems = subscribeProblems(input);
    if (problems.length) throw new ValidationError(problems);
    const topicArn = await this.refs.requireArn(input.topic);
    await this.call(() => this.deps.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn })), `read topic ${input.topic}`, 'topic', () => topicNotFound(input.topic));
    const endpoint = await this.endpoints.prepare(input.protocol, input.endpoint, topicArn);
    const attributes: Record<string, string> = {};
    if (input.filterPolicy != null) {
      attributes.FilterPolicy = policyText(input.filterPolicy, input.filterPolicyScope);
      attributes.FilterPolicyScope = input.filterPolicyScope;
    }
    if (input.rawMessageDelivery) attributes.RawMessageDelivery = 'true';
    const out = await this.call(
      () => this.deps.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: input.protocol, Endpoint: endpoint, Attributes: attributes, ReturnSubscriptionArn: true })),
      `subscribe to ${input.topic}`,
      'endpoint',
      () => topicNotFound(input.topic),
    );
    // AWS answers "pending confirmation" instead of an ARN when ReturnSubscriptionArn is not honoured.
    const arn = out.SubscriptionArn && parseArn(out.SubscriptionArn) ? out.SubscriptionArn : PENDING;
    const known = { filterPolicy: input.filterPolicy ?? null, filterPolicyScope: input.filterPolicy != null ? input.filterPolicyScope : null, rawMessageDelivery: input.rawMessageDelivery };
    return this.describe(arn, { topicArn, protocol: input.protocol, endpoint, settings: known });
  }

  /** Removes a subscription; NOT_FOUND when there is none. */
  async unsubscribe(arn: string): Promise<boolean> {
    checkSubscriptionArn(arn, 'arn', this.deps.region);
    await this.readAttributes(arn);
    await this.call(() => this.deps.sns.send(new UnsubscribeCommand({ SubscriptionArn: arn })), `unsubscribe ${arn}`, 'arn', () => subscriptionNotFound(arn));
    return true;
  }

  /**
   * Replaces the subscription's filter policy (null removes it, as AWS documents: the policy
   * "{}"). Policy and scope are two SetSubscriptionAttributes calls; they are ordered so that the
   * subscription never holds a policy its scope can't take (a flat policy fits either scope).
   */
  async setFilterPolicy(arn: string, policy: unknown, scope: FilterPolicyScope): Promise<TopicSubscription> {
    checkSubscriptionArn(arn, 'subscriptionArn', this.deps.region);
    const text = policy == null ? undefined : policyText(policy, scope);
    const current = await this.readAttributes(arn);
    const set = (name: string, value: string) =>
      this.call(() => this.deps.sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: name, AttributeValue: value })), `set the filter policy of ${arn}`, 'filterPolicy', () => subscriptionNotFound(arn));
    if (text === undefined) {
      await set('FilterPolicy', '{}');
    } else {
      const scopeChanges = (current.FilterPolicyScope ?? FilterPolicyScope.MESSAGE_ATTRIBUTES) !== scope;
      if (scopeChanges && scope === FilterPolicyScope.MESSAGE_BODY) await set('FilterPolicyScope', scope);
      await set('FilterPolicy', text);
      if (scopeChanges && scope === FilterPolicyScope.MESSAGE_ATTRIBUTES) {
        await set('FilterPolicyScope', scope);
        // Once more under the new scope: moto compiles a policy with the scope it had when the
        // policy was set and would go on filtering the body; on AWS this changes nothing.
        await set('FilterPolicy', text);
      }
    }
    return this.describe(arn);
  }

  /** The subscription as it stands, read with GetSubscriptionAttributes; `known` stands in when it can't be read (pending, no ARN). */
  private async describe(arn: string, known?: Required<Pick<TopicSubscription, 'topicArn' | 'protocol' | 'endpoint' | 'settings'>>): Promise<TopicSubscription> {
    const a = await this.readAttributes(arn, known !== undefined);
    const read = Object.keys(a).length > 0;
    return {
      arn,
      topicArn: a.TopicArn ?? known?.topicArn ?? '',
      protocol: (a.Protocol as Protocol | undefined) ?? known?.protocol ?? Protocol.SQS,
      endpoint: a.Endpoint ?? known?.endpoint ?? '',
      pendingConfirmation: a.PendingConfirmation === 'true' || arn === PENDING,
      settings: read || !known ? settingsOf(a) : known.settings,
    };
  }

  private async readSettings(arn: string): Promise<SubscriptionSettings> {
    return settingsOf(await this.readAttributes(arn, true));
  }

  /** GetSubscriptionAttributes; a missing subscription is NOT_FOUND, or no attributes when `lenient` (listed, then deleted). */
  private async readAttributes(arn: string, lenient = false): Promise<Record<string, string>> {
    if (arn === PENDING) return {};
    try {
      return (await this.deps.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes ?? {};
    } catch (err) {
      const mapped = snsError(err, { notFound: () => subscriptionNotFound(arn), field: 'arn', action: `read subscription ${arn}` });
      if (lenient && (mapped as { code?: string }).code === 'NOT_FOUND') return {};
      throw mapped;
    }
  }

  private async call<T>(send: () => Promise<T>, action: string, field: string, notFound: () => Error): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw snsError(err, { notFound, field, action });
    }
  }
}

/** SubscribeInput with the contract's defaults for fields a client sent as null. */
type SubscribeRequest = SubscribeInput & { filterPolicyScope: FilterPolicyScope; rawMessageDelivery: boolean };

function withDefaults(input: SubscribeInput): SubscribeRequest {
  return Object.assign(input, { filterPolicyScope: input.filterPolicyScope ?? FilterPolicyScope.MESSAGE_ATTRIBUTES, rawMessageDelivery: input.rawMessageDelivery ?? false });
}

function fromListing(s: Subscription): TopicSubscription {
  const arn = s.SubscriptionArn ?? PENDING;
  return { arn, topicArn: s.TopicArn ?? '', protocol: s.Protocol as Protocol, endpoint: s.Endpoint ?? '', pendingConfirmation: arn === PENDING };
}

/** A subscription's settings from its attributes; "{}" (how AWS removes a policy) is no policy. */
export function settingsOf(a: Record<string, string>): SubscriptionSettings {
  const text = a.FilterPolicy?.trim();
  const filterPolicy = text && text !== '{}' ? (JSON.parse(text) as unknown) : null;
  const filterPolicyScope = filterPolicy ? ((a.FilterPolicyScope as FilterPolicyScope | undefined) ?? FilterPolicyScope.MESSAGE_ATTRIBUTES) : null;
  return { filterPolicy, filterPolicyScope, rawMessageDelivery: a.RawMessageDelivery === 'true' };
}

/** Everything wrong with a subscribe request that can be told without AWS. */
export function subscribeProblems(input: SubscribeRequest): FieldError[] {
  const problems: FieldError[] = [];
  const endpoint = endpointProblem(input.protocol, input.endpoint);
  if (endpoint) problems.push({ field: 'endpoint', message: endpoint });
  const policy = input.filterPolicy == null ? undefined : filterPolicyProblem(input.filterPolicy, input.filterPolicyScope);
  if (policy) problems.push({ field: 'filterPolicy', message: policy });
  if (input.rawMessageDelivery && !RAW_PROTOCOLS.has(input.protocol)) {
    problems.push({ field: 'rawMessageDelivery', message: 'raw message delivery is available for SQS, HTTP and HTTPS endpoints only' });
  }
  return problems;
}

function checkSubscriptionArn(arn: string, field: string, region: string): void {
  if (arn === PENDING) throw ValidationError.of(field, 'a subscription pending confirmation has no ARN yet; use the ARN subscribe returned');
  const parsed = parseArn(arn);
  if (parsed?.service !== 'sns' || !/^[A-Za-z0-9_-]{1,256}(\.fifo)?:[A-Za-z0-9-]+$/.test(parsed.resource)) {
    throw ValidationError.of(field, `${field} must be a subscription ARN (arn:aws:sns:<region>:<account>:<topic>:<id>)`);
  }
  checkRegion(arn, field, region, 'subscription');
}

import { randomUUID } from 'node:crypto';
import { compileFilterPolicy, matchesFilterPolicy, type CompiledFilterPolicy, type FilterPolicyScope } from '../../lib/filter-policy';
import type { LocalContext } from '../service';
import { httpDeliveryPolicy, retryDelays } from './delivery-policy';
import { confirmationDocument, lambdaEvent, notificationEnvelope, subscribeUrl, unsubscribeUrl, type ConfirmationType, type Links } from './envelope';
import { HttpDeliverer } from './http-delivery';
import { confirmationEmail, notificationEmail, type Outbox } from './outbox';
import type { SnsMessage } from './runtime';
import type { SnsState, Subscription, Topic } from './state';

/** Where delivery failures are reported (the local AWS logger when given). */
export type DeliveryLog = (fields: Record<string, unknown>, text: string) => void;

/**
 * Takes published messages to the topic's confirmed subscriptions on the next turn of the event
 * loop (Publish has answered by then): filter policy, then SQS or Lambda in process, HTTP(S)
 * in the background with retries, email to the outbox. A delivery that fails for good goes to
 * the subscription's dead-letter queue when it has one.
 */
export class Deliveries {
  private readonly http = new HttpDeliverer();
  private readonly policies = new Map<string, CompiledFilterPolicy>();
  private readonly pending = new Set<NodeJS.Immediate>();

  constructor(
    private readonly ctx: LocalContext,
    private readonly state: SnsState,
    private readonly outbox: Outbox,
    private readonly log: DeliveryLog,
  ) {}

  private get links(): Links {
    return { endpoint: this.ctx.endpoint() };
  }

  fanOut(topic: Topic, message: SnsMessage): void {
    const subscribers = this.state.subscriptionsOf(topic.arn).filter((s) => !s.pending);
    const task = setImmediate(() => {
      this.pending.delete(task);
      for (const sub of subscribers) {
        try {
          if (this.accepts(sub, message)) this.deliver(topic, sub, message);
        } catch (err) {
          // A stored policy the matcher refuses must not take the process down; it is reported instead.
          this.log({ subscriptionArn: sub.arn, messageId: message.messageId, reason: (err as Error).message }, 'SNS delivery failed');
        }
      }
    });
    this.pending.add(task);
  }

  /** Whether the subscription's filter policy lets the message through. */
  private accepts(sub: Subscription, message: SnsMessage): boolean {
    const text = sub.attributes.FilterPolicy;
    if (!text || text.trim() === '{}') return true;
    const scope = (sub.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope;
    const key = `${scope}\n${text}`;
    let policy = this.policies.get(key);
    if (!policy) {
      policy = compileFilterPolicy(text, scope);
      this.policies.set(key, policy);
    }
    return matchesFilterPolicy(policy, { attributes: message.attributes, body: this.textFor(sub, message) });
  }

  private textFor(sub: Subscription, message: SnsMessage): string {
    return message.perProtocol?.[sub.protocol] ?? message.message;
  }

  private deliver(topic: Topic, sub: Subscription, message: SnsMessage): void {
    const text = this.textFor(sub, message);
    const raw = sub.attributes.RawMessageDelivery === 'true';
    const body = raw ? text : notificationEnvelope(message, text, sub.arn, this.links);
    try {
      switch (sub.protocol) {
        case 'sqs':
          return this.toQueue(sub.endpoint, body, raw, message);
        case 'lambda':
          return this.toFunction(sub, lambdaEvent(message, text, sub.arn, this.links));
        case 'http':
        case 'https':
          return this.toEndpoint(topic, sub, message, body, raw);
        case 'email':
          this.outbox.send(notificationEmail(message.messageId, sub.endpoint, topic.attributes.DisplayName ?? '', message.subject, text, unsubscribeUrl(this.links, sub.arn)));
          return undefined;
        case 'email-json':
          this.outbox.send(notificationEmail(message.messageId, sub.endpoint, topic.attributes.DisplayName ?? '', message.subject, notificationEnvelope(message, text, sub.arn, this.links), undefined));
          return undefined;
        default: {
          const unknown: never = sub.protocol;
          throw new Error(`no delivery for protocol ${String(unknown)}`);
        }
      }
    } catch (err) {
      this.failed(sub, message, body, (err as Error).message);
    }
  }

  private toQueue(queueArn: string, body: string, raw: boolean, message: SnsMessage): void {
    const sqs = this.ctx.peers.sqs;
    if (!sqs) throw new Error('the local SQS is not running');
    const fifo = queueArn.endsWith('.fifo');
    sqs.deliver(queueArn, {
      body,
      attributes: raw && Object.keys(message.attributes).length ? message.attributes : undefined,
      groupId: fifo ? message.groupId : undefined,
      deduplicationId: fifo ? message.deduplicationId : undefined,
    });
  }

  private toFunction(sub: Subscription, event: string): void {
    const lambda = this.ctx.peers.lambda;
    if (!lambda) throw new Error('the local Lambda is not running');
    lambda.invokeAsync(sub.endpoint, event);
  }

  private toEndpoint(topic: Topic, sub: Subscription, message: SnsMessage, body: string, raw: boolean): void {
    const policy = httpDeliveryPolicy(topic.attributes.DeliveryPolicy || undefined, sub.attributes.DeliveryPolicy || undefined);
    const headers: Record<string, string> = {
      'Content-Type': policy.contentType,
      'User-Agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': message.messageId,
      'x-amz-sns-topic-arn': topic.arn,
      'x-amz-sns-subscription-arn': sub.arn,
    };
    if (raw) headers['x-amz-sns-rawdelivery'] = 'true';
    this.http.send({ url: sub.endpoint, headers, body }, retryDelays(policy.retry), (last) => this.failed(sub, message, body, last));
  }

  /** Logs a delivery that failed for good and moves it to the dead-letter queue, if the subscription has one. */
  private failed(sub: Subscription, message: SnsMessage, body: string, reason: string): void {
    this.log({ subscriptionArn: sub.arn, messageId: message.messageId, reason }, 'SNS delivery failed');
    const redrive = sub.attributes.RedrivePolicy;
    if (!redrive) return;
    try {
      const dlq = (JSON.parse(redrive) as { deadLetterTargetArn: string }).deadLetterTargetArn;
      this.toQueue(dlq, body, sub.attributes.RawMessageDelivery === 'true', message);
    } catch (err) {
      this.log({ subscriptionArn: sub.arn, messageId: message.messageId, reason: (err as Error).message }, 'SNS dead-letter delivery failed');
    }
  }

  /** Sends the SubscriptionConfirmation: a POST to HTTP(S) endpoints, an email to the outbox. */
  requestConfirmation(topic: Topic, sub: Subscription): void {
    const token = sub.token as string;
    if (sub.protocol === 'email' || sub.protocol === 'email-json') {
      const link = subscribeUrl(this.links, topic.arn, token);
      this.outbox.send(confirmationEmail(randomUUID(), sub.endpoint, topic.arn, topic.attributes.DisplayName ?? '', link));
      return;
    }
    this.confirmationPost('SubscriptionConfirmation', sub, token);
  }

  /** Tells an HTTP(S) endpoint that its subscription was deleted, with a token that would restore it. */
  announceUnsubscribe(sub: Subscription): void {
    if (sub.protocol === 'http' || sub.protocol === 'https') this.confirmationPost('UnsubscribeConfirmation', sub, sub.token ?? '');
  }

  private confirmationPost(type: ConfirmationType, sub: Subscription, token: string): void {
    const messageId = randomUUID();
    const body = confirmationDocument(type, { messageId, topicArn: sub.topicArn, subscriptionArn: sub.arn, token, timestamp: new Date().toISOString() }, this.links);
    const headers = {
      'Content-Type': 'text/plain; charset=UTF-8',
      'User-Agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': type,
      'x-amz-sns-message-id': messageId,
      'x-amz-sns-topic-arn': sub.topicArn,
    };
    this.http.send({ url: sub.endpoint, headers, body }, [], (reason) => this.log({ subscriptionArn: sub.arn, reason }, `SNS ${type} was not delivered`));
  }

  close(): void {
    for (const task of this.pending) clearImmediate(task);
    this.pending.clear();
    this.http.close();
  }
}

import { randomUUID } from 'node:crypto';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SnsAccount } from '../aws/sns-account';
import { NotFoundError, ThrottledError, translateAwsError, UpstreamUnavailableError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import { retry } from '../lib/retry';
import { hasUnpairedSurrogate } from '../lib/validate';
import type { Event } from '../types/event.type';
import { EVENT_TYPE, type DomainEventPublisher, type DomainEvents, type DomainEventType, type EventEnvelope } from './domain-events';
import { MAX_MESSAGE_BYTES, parseJson } from './sns-messages';
import { SubscriptionEndpoints } from './subscription-endpoints';
import { publishInBatches } from './sns-batch';
import { snsError, TopicRefs } from './topic-refs';

export interface EventBusDeps {
  sns: SNSClient;
  sqs: SQSClient;
  lambda: LambdaClient;
  region: string;
  account: SnsAccount;
  /** Name of the SNS topic every event goes to (config.eventsTopic). */
  topic: string;
  logger: Logger;
}

/** An event taken from a subscriber queue, with what deleting it needs. */
export interface ReceivedEvent extends EventEnvelope {
  receiptHandle: string;
}

const SOURCE = /^[^\u0000-\u001f\u007f]{1,256}$/;
/** PublishBatch calls in flight when many events are announced at once (createUsers). */
const EVENT_BATCHES_IN_FLIGHT = 4;

/**
 * The notebook's event bus: one SNS topic carries every event as JSON, with its type (and
 * source) as message attributes so subscribers filter on them; subscribers are SQS queues.
 */
export class EventBus implements DomainEventPublisher {
  private readonly refs: TopicRefs;

  constructor(private readonly deps: EventBusDeps) {
    this.refs = new TopicRefs(deps);
  }

  /** Publishes an event of any valid type and returns it; BAD_USER_INPUT for a bad type, source or size. */
  async publish(type: string, data: unknown, source?: string | null): Promise<Event> {
    const event = buildEvent(type, data, source ?? null);
    const topicArn = await this.topicArn();
    try {
      await this.deps.sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(event), MessageAttributes: eventAttributes(event) }));
    } catch (err) {
      throw snsError(err, { notFound: () => this.missingTopic(), field: 'data', action: `publish event ${type}` });
    }
    return { ...event, timestamp: new Date(event.timestamp) };
  }

  /**
   * Publishes one of the API's own events after the write it reports has succeeded. The write
   * stands either way, so this never throws: a failure is retried (throttling, outages) and then
   * logged with the event id and type for replay, and the result is undefined.
   */
  async emit<K extends DomainEventType>(type: K, data: DomainEvents[K], source = 'aws-graphql'): Promise<Event | undefined> {
    try {
      const publish = () => this.publish(type, data, source);
      return (await retry(publish, { retries: 2, baseMs: 100, isRetryable: isTransient })).value;
    } catch (err) {
      this.deps.logger.error({ err, eventType: type, source }, 'event not published after a successful write');
      return undefined;
    }
  }

  /** Like emit, for many events of one type: PublishBatch, 10 at a time; what could not be published is logged. */
  async emitMany<K extends DomainEventType>(type: K, items: ReadonlyArray<DomainEvents[K]>, source = 'aws-graphql'): Promise<number> {
    if (!items.length) return 0;
    let events: EventEnvelope[] = [];
    try {
      events = items.map((data) => buildEvent(type, data, source));
      const topicArn = await this.topicArn();
      const entries = events.map((e, index) => ({ index, entry: { Message: JSON.stringify(e), MessageAttributes: eventAttributes(e) }, size: eventBytes(e) }));
      // Events of a standard topic carry no order, so their batches go out 4 at a time (a FIFO topic keeps its order).
      const { published, failed } = await publishInBatches(this.deps.sns, topicArn, this.deps.topic, entries, topicArn.endsWith('.fifo') ? 1 : EVENT_BATCHES_IN_FLIGHT);
      for (const f of failed) this.deps.logger.error({ eventId: events[f.index]?.eventId, eventType: type, code: f.code, reason: f.message }, 'event not published after a successful write');
      return published.length;
    } catch (err) {
      this.deps.logger.error({ err, eventType: type, count: items.length }, 'events not published after a successful write');
      return 0;
    }
  }

  /**
   * The notebook's EventBus.subscribe: creates (or reuses) the subscriber's queue, lets the
   * topic send to it and subscribes it, filtered to `types` when given.
   */
  async subscribeQueue(queueName: string, types?: readonly string[]): Promise<{ queueUrl: string; queueArn: string; subscriptionArn: string }> {
    const bad = types?.find((t) => !EVENT_TYPE.test(t));
    if (bad !== undefined) throw ValidationError.of('types', `event type ${bad} must be 1-128 characters of A-Z a-z 0-9 _ . : -`);
    const topicArn = await this.topicArn();
    const created = await this.deps.sqs.send(new CreateQueueCommand({ QueueName: queueName })).catch((err: unknown) => Promise.reject(translateAwsError(err, `create queue ${queueName}`)));
    const queueUrl = created.QueueUrl ?? '';
    const queueArn = await new SubscriptionEndpoints(this.deps).grantQueue(queueUrl, topicArn);
    const attributes = types?.length ? { FilterPolicy: JSON.stringify({ type: [...types] }) } : undefined;
    const out = await this.deps.sns
      .send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: attributes, ReturnSubscriptionArn: true }))
      .catch((err: unknown) => Promise.reject(snsError(err, { notFound: () => this.missingTopic(), field: 'types', action: 'subscribe to events' })));
    return { queueUrl, queueArn, subscriptionArn: out.SubscriptionArn ?? '' };
  }

  /** The notebook's receive_events: up to `max` events from a subscriber queue (long polling up to `waitSeconds`). */
  async receive(queueUrl: string, max = 10, waitSeconds = 5): Promise<ReceivedEvent[]> {
    const out = await this.deps.sqs
      .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(Math.max(max, 1), 10), WaitTimeSeconds: waitSeconds }))
      .catch((err: unknown) => Promise.reject(translateAwsError(err, 'receive events')));
    return (out.Messages ?? []).flatMap((m) => {
      const event = parseEventMessage(m.Body ?? '');
      return event ? [{ ...event, receiptHandle: m.ReceiptHandle ?? '' }] : [];
    });
  }

  /** The notebook's acknowledge_event: deletes a processed event from the subscriber queue. */
  async acknowledge(queueUrl: string, receiptHandle: string): Promise<void> {
    await this.deps.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle })).catch((err: unknown) => Promise.reject(translateAwsError(err, 'acknowledge an event')));
  }

  /** ARN of the events topic. */
  async topicArn(): Promise<string> {
    const arn = await this.refs.arnOf(this.deps.topic, 'topic');
    if (!arn) throw this.missingTopic();
    return arn;
  }

  private missingTopic(): Error {
    return new NotFoundError(`The events topic ${this.deps.topic} does not exist; run \`npm run setup\` to create it`);
  }
}

/** Worth another try: throttling or an unreachable SNS (after the SDK's own attempts). */
const isTransient = (err: unknown): boolean => err instanceof ThrottledError || err instanceof UpstreamUnavailableError;

/** A validated event, ready to publish. */
export function buildEvent(type: string, data: unknown, source: string | null, now = new Date()): EventEnvelope {
  if (!EVENT_TYPE.test(type)) throw ValidationError.of('type', 'type must be 1-128 characters of A-Z a-z 0-9 _ . : - (e.g. order.created)');
  if (source !== null && (!SOURCE.test(source) || hasUnpairedSurrogate(source))) throw ValidationError.of('source', 'source must be 1-256 characters of text without control characters');
  const event: EventEnvelope = { eventId: randomUUID(), type, source, timestamp: now.toISOString(), data };
  const size = eventBytes(event);
  if (size > MAX_MESSAGE_BYTES) throw ValidationError.of('data', `the event is ${size} bytes; SNS takes at most ${MAX_MESSAGE_BYTES} (256 KB)`);
  return event;
}

/** The event's message plus its attributes (name + data type + value each), as SNS counts them. */
export function eventBytes(event: EventEnvelope): number {
  const source = event.source === null ? 0 : 'sourceString'.length + Buffer.byteLength(event.source);
  return Buffer.byteLength(JSON.stringify(event)) + 'typeString'.length + Buffer.byteLength(event.type) + source;
}

/** The message attributes subscribers filter on: type, and source when there is one. */
export function eventAttributes(event: EventEnvelope) {
  return {
    type: { DataType: 'String', StringValue: event.type },
    ...(event.source ? { source: { DataType: 'String', StringValue: event.source } } : {}),
  };
}

/** An event from an SQS message body: an SNS envelope (the default) or the raw event (raw delivery); undefined otherwise. */
export function parseEventMessage(body: string): EventEnvelope | undefined {
  const outer = parseJson(body) as { Type?: string; Message?: string } | null;
  const inner = outer && outer.Type === 'Notification' && typeof outer.Message === 'string' ? parseJson(outer.Message) : outer;
  const e = inner as Partial<EventEnvelope> | null;
  if (!e || typeof e !== 'object' || typeof e.eventId !== 'string' || typeof e.type !== 'string' || typeof e.timestamp !== 'string') return undefined;
  return { eventId: e.eventId, type: e.type, source: e.source ?? null, timestamp: e.timestamp, data: e.data ?? null };
}

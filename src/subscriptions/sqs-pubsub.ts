import { GetQueueAttributesCommand, GetQueueUrlCommand, type Message as SqsMessage, type SQSClient } from '@aws-sdk/client-sqs';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { PubSub } from 'type-graphql';
import { EVENT_TYPE, EVENT_TYPE_RULE } from '../datasources/domain-events';
import { NotFoundError, translateAwsError, ValidationError } from '../errors';
import { queueAccountOf, queueNameOf } from '../lib/arn';
import { queueRefFrom, type QueueRef } from '../lib/sqs-queue';
import { compileFilterPolicy, FILTER_POLICY_LIMITS, FilterPolicyError, matchesFilterPolicy, type CompiledFilterPolicy, type FilterAttribute } from '../lib/filter-policy';
import type { Logger } from '../logger';
import type { SnsEnvelope } from '../lib/sqs-message';
import { BroadcastHub } from './broadcast';
import { DeliveryStream } from './delivery-stream';
import { broadcastQueueName, instanceId, ORPHAN_AFTER_MS, removeOrphans } from './orphans';
import { QueuePoller, type AckMode } from './queue-poller';

/** Arguments of the three live streams, as the resolvers pass them (type-graphql's topic id). */
export interface StreamArgs {
  messageReceived: { queue: string; ack: AckMode; visibilityTimeout?: number | null };
  topicMessages: { topic: string; filterPolicy?: unknown };
  events: { types?: string[] | null };
}
export type StreamName = keyof StreamArgs;

/** How raw AWS messages become the GraphQL payloads of each stream. */
export interface StreamMappers<M, TM, E> {
  queueMessage(queueName: string, message: SqsMessage): M;
  topicMessage(envelope: SnsEnvelope): TM;
  /** The event in an envelope from the events topic, or undefined when it isn't one. */
  event(envelope: SnsEnvelope): E | undefined;
  eventType(event: E): string;
}

export interface SqsPubSubOptions<M, TM, E> {
  sqs: SQSClient;
  /** The pollers' own client (long polls hold sockets for 20 s). */
  poller: SQSClient;
  sns: SNSClient;
  logger: Logger;
  mappers: StreamMappers<M, TM, E>;
  /** Name or ARN of a topic to its ARN; throws NotFoundError when there is none. */
  resolveTopicArn(topic: string): Promise<string>;
  /** The events topic's name. */
  eventsTopic: string;
  /** The clients' region: a queue ARN or URL of another is refused. */
  region: string;
  /** Publishes an event to the events topic (PubSub.publish('events', ...)). */
  publishEvent(event: unknown): Promise<unknown>;
  /** How often orphaned broadcast queues are looked for while this process has any (default ORPHAN_AFTER_MS). */
  orphanCheckMs?: number;
}

/** How long shutdown waits for AWS to take back messages and delete broadcast queues. */
const CLOSE_TIMEOUT_MS = 4000;
/** Messages one work-queue subscriber may hold at once (prefetch). */
const QUEUE_PREFETCH = 10;
/** Messages a broadcast subscriber may fall behind by before it is disconnected. */
const BROADCAST_BACKLOG = 1000;

/**
 * The PubSub of the schema, backed by SQS and SNS: `messageReceived` streams share one poller per
 * queue (work-queue semantics), `topicMessages` and `events` share one broadcast queue per topic
 * and process. Publishing goes to the events topic. See ARCHITECTURE.md, src/subscriptions.
 */
export class SqsPubSub<M, TM, E> implements PubSub {
  private readonly pollers = new Map<string, QueuePoller<M>>();
  private readonly hubs = new Map<string, BroadcastHub>();
  /** Queue look-ups in flight, so that subscribers arriving together before the poller exists share one. */
  private readonly resolving = new Map<string, ReturnType<SqsPubSub<M, TM, E>['resolveQueue']>>();
  private readonly streams = new Set<DeliveryStream<unknown>>();
  private readonly instance = instanceId();
  private orphanCheck?: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly options: SqsPubSubOptions<M, TM, E>) {}

  publish(routingKey: string, payload: unknown): void {
    if (routingKey !== 'events') throw new Error(`Only events can be published, not ${routingKey}`);
    this.options.publishEvent(payload).catch((err: unknown) => this.options.logger.error({ err }, 'publishing an event failed'));
  }

  subscribe(routingKey: string, args?: unknown): AsyncIterable<unknown> {
    switch (routingKey as StreamName) {
      case 'messageReceived':
        return this.messages(args as StreamArgs['messageReceived']);
      case 'topicMessages':
        return this.topicMessages(args as StreamArgs['topicMessages']);
      case 'events':
        return this.events(args as StreamArgs['events']);
      default:
        throw new Error(`No stream is called ${routingKey}`);
    }
  }

  /** Work-queue stream: each message of the queue goes to one subscriber. */
  messages({ queue, ack, visibilityTimeout }: StreamArgs['messageReceived']): DeliveryStream<M> {
    const key = pollerKey(queue, visibilityTimeout);
    const stream = this.stream<M>(QUEUE_PREFETCH, (s) => this.pollers.get(key)?.remove(s), () => this.pollers.get(key)?.poke());
    if (visibilityTimeout != null && (visibilityTimeout < 0 || visibilityTimeout > 43200 || !Number.isInteger(visibilityTimeout))) {
      stream.fail(ValidationError.of('visibilityTimeout', 'must be a whole number of seconds from 0 to 43200'));
      return stream;
    }
    let ref: QueueRef;
    try {
      ref = queueRefFrom(queue, 'queue', this.options.region);
    } catch (err) {
      stream.fail(err);
      return stream;
    }
    this.pollerFor(ref, visibilityTimeout ?? undefined).then(
      (poller) => (stream.isClosed ? undefined : poller.add(stream, ack)),
      (err: unknown) => stream.fail(translateAwsError(err, `subscribing to queue ${ref.name}`)),
    );
    return stream;
  }

  /** Broadcast stream of a topic, optionally filtered by a filter policy on the message attributes. */
  topicMessages({ topic, filterPolicy }: StreamArgs['topicMessages']): DeliveryStream<TM> {
    let policy: CompiledFilterPolicy | undefined;
    try {
      policy = filterPolicy == null ? undefined : compileFilterPolicy(filterPolicy, 'MessageAttributes');
    } catch (err) {
      const stream = this.stream<TM>(1);
      stream.fail(err instanceof FilterPolicyError ? ValidationError.of('filterPolicy', err.message) : err);
      return stream;
    }
    const accept = (_value: TM, envelope: SnsEnvelope) => !policy || matchesFilterPolicy(policy, { attributes: filterAttributes(envelope), body: envelope.Message });
    return this.broadcast<TM>(topic, this.options.mappers.topicMessage, accept);
  }

  /** Broadcast stream of the API's events, optionally only some types. */
  events({ types }: StreamArgs['events']): DeliveryStream<E> {
    // As many as an SNS filter policy on `type` could list (its 150 combinations).
    const tooMany = (types?.length ?? 0) > FILTER_POLICY_LIMITS.combinations ? [{ field: 'types', message: `at most ${FILTER_POLICY_LIMITS.combinations} event types may be given, not ${types!.length}` }] : [];
    const bad = tooMany.length ? tooMany : (types ?? []).flatMap((type, i) => (EVENT_TYPE.test(type) ? [] : [{ field: `types.${i}`, message: EVENT_TYPE_RULE }]));
    if (bad.length) {
      const stream = this.stream<E>(1);
      stream.fail(new ValidationError(bad));
      return stream;
    }
    const wanted = types?.length ? new Set(types) : undefined;
    return this.broadcast<E>(this.options.eventsTopic, this.options.mappers.event, (event) => !wanted || wanted.has(this.options.mappers.eventType(event)));
  }

  /**
   * Shutdown: completes every subscription, gives in-flight messages back, deletes the broadcast
   * queues. The subscriptions complete at once; the AWS calls get `timeoutMs`, so that an AWS that
   * stopped answering can't hold the process past its shutdown limit (what they didn't do is done
   * anyway: messages come back after their visibility timeout, queues are removed as orphans).
   */
  async close(timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
    this.closing = true;
    clearInterval(this.orphanCheck);
    // Every close starts now: each completes its subscribers before it talks to AWS.
    const cleanup = Promise.all([...[...this.pollers.values()].map((p) => p.close()), ...[...this.hubs.values()].map((h) => h.close())]);
    for (const stream of this.streams) stream.end();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([cleanup, late]);
    clearTimeout(timer);
    if (outcome === 'late') this.options.logger.warn({ timeoutMs }, 'AWS did not finish the subscriptions\' clean-up in time; left to visibility timeouts and orphan removal');
  }


  private stream<T>(capacity: number, onLeave?: (s: DeliveryStream<T>) => void, onDemand?: () => void): DeliveryStream<T> {
    const stream = new DeliveryStream<T>(capacity, {
      onDemand,
      onClose: (s) => {
        this.streams.delete(s as DeliveryStream<unknown>);
        onLeave?.(s);
      },
    });
    this.streams.add(stream as DeliveryStream<unknown>);
    if (this.closing) stream.end();
    return stream;
  }

  private async pollerFor(ref: QueueRef, visibilityTimeout?: number): Promise<QueuePoller<M>> {
    const { name } = ref;
    const key = pollerKey(ref, visibilityTimeout);
    const existing = this.pollers.get(key);
    if (existing) return existing;
    const queueKey = pollerKey(ref);
    let lookup = this.resolving.get(queueKey);
    if (!lookup) {
      lookup = this.resolveQueue(ref).finally(() => this.resolving.delete(queueKey));
      this.resolving.set(queueKey, lookup);
    }
    const { queueUrl, defaultVisibility } = await lookup;
    const again = this.pollers.get(key);
    if (again) return again;
    const { sqs, poller, logger, mappers } = this.options;
    const created = new QueuePoller<M>({
      sqs,
      poller,
      logger,
      queueUrl,
      queueName: name,
      visibilityTimeout: visibilityTimeout ?? defaultVisibility,
      map: (message) => mappers.queueMessage(name, message),
      onIdle: () => {
        if (this.pollers.get(key) === created) this.pollers.delete(key);
      },
    });
    this.pollers.set(key, created);
    return created;
  }

  /** The queue's URL from SQS (a client's URL is never called as it is: its host could be anyone's) and its visibility timeout. */
  private async resolveQueue({ name, accountId }: QueueRef): Promise<{ queueUrl: string; defaultVisibility: number }> {
    const { sqs } = this.options;
    try {
      const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: accountId }))).QueueUrl!;
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }));
      return { queueUrl, defaultVisibility: Number(Attributes.VisibilityTimeout ?? 30) };
    } catch (err) {
      const code = (err as Error).name;
      if (code === 'QueueDoesNotExist' || code === 'AWS.SimpleQueueService.NonExistentQueue') throw new NotFoundError(`Queue ${name} does not exist`, { cause: err });
      throw err;
    }
  }

  private broadcast<T>(topic: string, map: (envelope: SnsEnvelope) => T | undefined, accept: (value: T, envelope: SnsEnvelope) => boolean): DeliveryStream<T> {
    let hub: BroadcastHub | undefined;
    const stream = this.stream<T>(BROADCAST_BACKLOG, (s) => hub?.remove(s as DeliveryStream<unknown>));
    this.options.resolveTopicArn(topic).then(
      (topicArn) => {
        if (stream.isClosed) return;
        hub = this.hubFor(topicArn);
        hub.add<T>({ stream, map, accept });
      },
      (err: unknown) => stream.fail(translateAwsError(err, `subscribing to topic ${topic}`)),
    );
    return stream;
  }

  private hubFor(topicArn: string): BroadcastHub {
    const existing = this.hubs.get(topicArn);
    if (existing) return existing;
    const { sqs, poller, sns, logger } = this.options;
    const hub = new BroadcastHub({
      sqs,
      poller,
      sns,
      logger,
      topicArn,
      queueName: broadcastQueueName(this.instance, topicArn),
      onFailed: () => {
        if (this.hubs.get(topicArn) === hub) this.hubs.delete(topicArn);
      },
    });
    this.hubs.set(topicArn, hub);
    if (!this.orphanCheck) {
      // Again and again, not only once: a process that crashed just before this one started leaves
      // a queue whose heartbeat is still fresh at the first check, and it stays subscribed to the topic.
      const check = () => void removeOrphans(sqs, sns, logger).catch((err: unknown) => logger.warn({ err }, 'looking for orphaned broadcast queues failed'));
      check();
      this.orphanCheck = setInterval(check, this.options.orphanCheckMs ?? ORPHAN_AFTER_MS);
      this.orphanCheck.unref();
    }
    return hub;
  }
}

/** An envelope's attributes as the matcher takes them (SNS always sends both Type and Value). */
function filterAttributes(envelope: SnsEnvelope): Record<string, FilterAttribute> {
  const out: Record<string, FilterAttribute> = {};
  for (const [name, { Type = 'String', Value = '' }] of Object.entries(envelope.MessageAttributes ?? {})) out[name] = { Type, Value };
  return out;
}

/** One poller per queue: a name, and the account when the reference names one (an ARN or URL of another account is another queue). */
function pollerKey(ref: string | QueueRef, visibilityTimeout?: number | null): string {
  const queue = typeof ref === 'string' ? `${queueAccountOf(ref.trim()) ?? ''}/${queueNameOf(ref.trim())}` : `${ref.accountId ?? ''}/${ref.name}`;
  // The visibility timeout is a parameter of ReceiveMessage: subscribers asking for another one need their own poller.
  return `${queue}\u0000${visibilityTimeout ?? ''}`;
}

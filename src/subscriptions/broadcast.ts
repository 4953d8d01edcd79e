import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  type Message as SqsMessage,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { GetSubscriptionAttributesCommand, GetTopicAttributesCommand, SubscribeCommand, UnsubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { NotFoundError, translateAwsError } from '../errors';
import type { SnsEnvelope } from '../lib/sqs-message';
import { backoffDelay, sleep } from '../lib/retry';
import type { Logger } from '../logger';
import { AckBatcher } from './ack-batcher';
import type { DeliveryStream } from './delivery-stream';
import { HEARTBEAT_TAG, SUBSCRIPTION_TAG, TOPIC_TAG } from './orphans';

export interface BroadcastOptions {
  poller: SQSClient;
  sqs: SQSClient;
  sns: SNSClient;
  topicArn: string;
  /** This process's queue for the topic (see orphans.ts for the naming). */
  queueName: string;
  logger: Logger;
  /**
   * Heartbeat period, so other processes can tell a live queue from an orphan; each heartbeat also
   * checks the topic is still there (default 60 s).
   */
  heartbeatMs?: number;
  /** Setting up the queue failed, or the topic was deleted (its subscribers got the error): a later subscriber should start afresh. */
  onFailed?: () => void;
}

/** How one subscriber sees the topic's messages. */
export interface Listener<T> {
  stream: DeliveryStream<T>;
  /** The payload of an envelope, or undefined to skip it. Listeners of one kind share the function, so it runs once per message. */
  map: (envelope: SnsEnvelope) => T | undefined;
  /** Whether this subscriber wants the message (its filter). */
  accept: (value: T, envelope: SnsEnvelope) => boolean;
  /** Messages published before the subscriber joined are not for it. */
  since: number;
}

/** Seconds SQS keeps a broadcast message nobody polled: the minimum, so an idle queue holds little. */
const RETENTION_SECONDS = 60;

/**
 * Broadcast of one SNS topic to every subscriber in this process: one SQS queue of the process is
 * subscribed to the topic (created on first use, deleted at shutdown), one poller reads it, and
 * each message goes to every subscriber whose filter accepts it. Filters run here, with the shared
 * matcher, so subscribers with different filters share one queue.
 */
export class BroadcastHub {
  private readonly listeners = new Map<DeliveryStream<unknown>, Listener<unknown>>();
  private acks?: AckBatcher;
  private ready?: Promise<void>;
  private queueUrl?: string;
  private queueArn?: string;
  private subscriptionArn?: string;
  private abort?: AbortController;
  private running = false;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly options: BroadcastOptions) {}

  /** Adds a subscriber; the first one creates the queue and subscription. Failures end the stream with the error. */
  add<T>(listener: Omit<Listener<T>, 'since'>): void {
    const { stream } = listener;
    this.listeners.set(stream as DeliveryStream<unknown>, { ...(listener as Omit<Listener<unknown>, 'since'>), since: Date.now() - 1000 });
    this.ready ??= this.provision();
    this.ready.then(
      () => {
        if (!this.running && !this.closed) void this.loop();
      },
      (err: unknown) => {
        if (this.ready) this.options.onFailed?.();
        this.ready = undefined;
        stream.fail(translateAwsError(err, `subscribing to topic ${this.options.topicArn}`));
      },
    );
  }

  remove(stream: DeliveryStream<unknown>): void {
    this.listeners.delete(stream);
    // The last subscriber gone: stop polling at once; the queue stays until shutdown.
    if (this.listeners.size === 0) this.abort?.abort();
  }

  /** Shutdown: complete the subscribers, unsubscribe and delete the queue. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const { stream } of [...this.listeners.values()]) stream.end();
    this.abort?.abort();
    await this.acks?.flush();
    await this.ready?.catch(() => undefined);
    const { sns, sqs, logger } = this.options;
    if (this.subscriptionArn) await sns.send(new UnsubscribeCommand({ SubscriptionArn: this.subscriptionArn })).catch((err: unknown) => logger.warn({ err }, 'unsubscribing the broadcast queue failed'));
    if (this.queueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: this.queueUrl })).catch((err: unknown) => logger.warn({ err }, 'deleting the broadcast queue failed'));
  }

  private async provision(): Promise<void> {
    const { sqs, sns, topicArn, queueName } = this.options;
    // Made sure of first: a queue created and deleted for a missing topic could not be created again for 60 s.
    await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn })).catch((err: unknown) => {
      throw isNotFound(err) ? new NotFoundError(`Topic ${topicArn} does not exist`, { cause: err }) : err;
    });
    const fifo = topicArn.endsWith('.fifo');
    const created = await sqs.send(
      new CreateQueueCommand({
        QueueName: fifo ? `${queueName}.fifo` : queueName,
        Attributes: { MessageRetentionPeriod: String(RETENTION_SECONDS), ...(fifo ? { FifoQueue: 'true' } : {}) },
        tags: { [TOPIC_TAG]: topicArn, [HEARTBEAT_TAG]: String(Date.now()) },
      }),
    );
    this.queueUrl = created.QueueUrl!;
    this.acks = new AckBatcher(sqs, this.queueUrl, this.options.logger);
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }));
    const queueArn = attrs.Attributes!.QueueArn!;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: this.queueUrl, Attributes: { Policy: JSON.stringify(sendPolicy(queueArn, topicArn)) } }));
    this.queueArn = queueArn;
    try {
      await this.subscribe();
    } catch (err) {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: this.queueUrl })).catch(() => undefined);
      this.queueUrl = undefined;
      if (isNotFound(err)) throw new NotFoundError(`Topic ${topicArn} does not exist`, { cause: err });
      throw err;
    }
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? 60_000);
    this.heartbeat.unref();
  }

  /** Subscribes the queue to the topic and notes the subscription on the queue (for orphan removal). */
  private async subscribe(): Promise<void> {
    const { sqs, sns, topicArn } = this.options;
    const sub = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: this.queueArn, ReturnSubscriptionArn: true }));
    this.subscriptionArn = sub.SubscriptionArn;
    await sqs.send(new TagQueueCommand({ QueueUrl: this.queueUrl, Tags: { [SUBSCRIPTION_TAG]: this.subscriptionArn ?? '' } }));
  }

  private beat(): void {
    if (!this.queueUrl) return;
    const { sqs, logger } = this.options;
    sqs.send(new TagQueueCommand({ QueueUrl: this.queueUrl, Tags: { [HEARTBEAT_TAG]: String(Date.now()) } })).catch((err: unknown) => logger.warn({ err }, 'broadcast queue heartbeat failed'));
    this.checkTopic().catch((err: unknown) => logger.warn({ err, topic: this.options.topicArn }, 'checking the broadcast subscription failed'));
  }

  /**
   * Deleting a topic deletes its subscriptions, and nothing else tells the queue: without this
   * check its subscribers would wait forever. When the subscription is gone but the topic is not
   * (someone unsubscribed the queue), the queue is subscribed again.
   */
  private async checkTopic(): Promise<void> {
    const { sns, topicArn } = this.options;
    if (!this.subscriptionArn || this.closed) return;
    try {
      await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: this.subscriptionArn }));
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.subscriptionArn = undefined;
      await this.end(new NotFoundError(`Topic ${topicArn} was deleted`, { cause: err }));
      return;
    }
    await this.subscribe();
  }

  /** The topic is gone: its subscribers get the error and the queue is deleted. */
  private async end(err: Error): Promise<void> {
    this.options.onFailed?.();
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const { stream } of [...this.listeners.values()]) stream.fail(err);
    this.abort?.abort();
    const { sqs, logger } = this.options;
    if (this.queueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: this.queueUrl })).catch((e: unknown) => logger.warn({ err: e }, 'deleting the broadcast queue failed'));
    this.queueUrl = undefined;
  }

  private async loop(): Promise<void> {
    this.running = true;
    let failures = 0;
    while (this.listeners.size > 0 && !this.closed) {
      try {
        this.abort = new AbortController();
        const out = await this.options.poller.send(
          new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20, MessageAttributeNames: ['All'] }),
          { abortSignal: this.abort.signal },
        );
        failures = 0;
        for (const message of out.Messages ?? []) this.fanOut(message);
      } catch (err) {
        if (this.abort?.signal.aborted) continue;
        failures++;
        this.options.logger.warn({ err, topic: this.options.topicArn, failures }, 'receiving broadcast messages failed; retrying');
        await sleep(backoffDelay(failures, { baseMs: 200, maxMs: 10_000 }));
      }
    }
    this.running = false;
  }

  private fanOut(message: SqsMessage): void {
    this.acks?.delete(message.ReceiptHandle!);
    let envelope: SnsEnvelope;
    try {
      envelope = JSON.parse(message.Body ?? '') as SnsEnvelope;
    } catch {
      this.options.logger.warn({ messageId: message.MessageId }, 'a broadcast queue received a message that is not an SNS envelope; dropped');
      return;
    }
    const published = envelope.Timestamp ? Date.parse(envelope.Timestamp) : Date.now();
    const mapped = new Map<Listener<unknown>['map'], unknown>();
    for (const listener of this.listeners.values()) {
      if (published < listener.since) continue;
      if (!mapped.has(listener.map)) mapped.set(listener.map, listener.map(envelope));
      const value = mapped.get(listener.map);
      if (value === undefined || !listener.accept(value, envelope)) continue;
      if (listener.stream.free === 0) {
        // Broadcast can't hold messages back for one subscriber without holding them for all.
        listener.stream.fail(new Error('The subscriber fell too far behind the topic and was disconnected'));
        continue;
      }
      listener.stream.push({ value, delivered: noop, undelivered: noop });
    }
  }
}

const noop = (): void => undefined;

const isNotFound = (err: unknown): boolean => (err as Error).name === 'NotFoundException' || (err as Error).name === 'NotFound';

/** A queue policy that lets the topic send to the queue (needed on AWS; emulators accept it). */
function sendPolicy(queueArn: string, topicArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowTopicToSend',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  };
}

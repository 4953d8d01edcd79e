import { ReceiveMessageCommand, type Message as SqsMessage, type SQSClient } from '@aws-sdk/client-sqs';
import { NotFoundError } from '../errors';
import { backoffDelay, sleep } from '../lib/retry';
import type { Logger } from '../logger';
import { AckBatcher } from './ack-batcher';
import type { Delivery, DeliveryStream } from './delivery-stream';

/** AUTO deletes a message once it is written to the subscriber; MANUAL leaves that to deleteMessage. */
export type AckMode = 'AUTO' | 'MANUAL';

export interface QueuePollerOptions<T> {
  /** The pollers' own client: each long poll holds a socket for up to 20 s. */
  poller: SQSClient;
  /** The API's client, for deletes and visibility changes (it retries). */
  sqs: SQSClient;
  queueUrl: string;
  queueName: string;
  /** Seconds a received message stays hidden from other consumers. */
  visibilityTimeout: number;
  map: (message: SqsMessage) => T;
  logger: Logger;
  /** Called when the last subscriber has left and the poller stopped. */
  onIdle: () => void;
  /** Long-poll wait (default 20 s, SQS's maximum). */
  waitTimeSeconds?: number;
}

interface Subscriber<T> {
  stream: DeliveryStream<T>;
  ack: AckMode;
  /** MANUAL: messages written to the subscriber and not yet visible again (handle -> when they would be, ms). */
  held: Map<string, number>;
}

interface Tracked {
  handle: string;
  /** When the message was received or its visibility last extended (ms). */
  since: number;
}

/**
 * One poller per queue per process, shared by all of the queue's subscribers: the number of
 * SQS requests depends on the number of queues, not of subscribers. It long-polls while idle,
 * takes up to 10 messages per call but never more than its subscribers have room for (so a
 * slow subscriber doesn't make it hold messages it can't deliver in time), and hands each
 * message to exactly one subscriber.
 */
export class QueuePoller<T> {
  private readonly subscribers = new Map<DeliveryStream<T>, Subscriber<T>>();
  private readonly acks: AckBatcher;
  private readonly tracked = new WeakMap<Delivery<T>, Tracked>();
  private abort?: AbortController;
  private wake?: () => void;
  private running = false;
  private stopped = false;
  private turn = 0;
  private extender?: NodeJS.Timeout;

  constructor(private readonly options: QueuePollerOptions<T>) {
    this.acks = new AckBatcher(options.sqs, options.queueUrl, options.logger);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber and starts polling if this is the first one. */
  add(stream: DeliveryStream<T>, ack: AckMode): void {
    this.subscribers.set(stream, { stream, ack, held: new Map() });
    // Check four times per visibility timeout (at most once a second), extending at half of it.
    this.extender ??= setInterval(() => this.extendWaiting(), Math.max(100, Math.min(1000, this.options.visibilityTimeout * 250)));
    this.extender.unref();
    this.poke();
    if (!this.running) void this.loop();
  }

  /**
   * Removes a subscriber; the last one stops polling at once. Its stream has already given back
   * what it never delivered. A MANUAL subscriber's messages that it received but did not delete
   * go back too: whoever was processing them is gone, and waiting out the visibility timeout
   * would only delay the retry (a message it did delete just fails the change, harmlessly).
   */
  remove(stream: DeliveryStream<T>): void {
    const subscriber = this.subscribers.get(stream);
    if (!subscriber) return;
    this.subscribers.delete(stream);
    const now = Date.now();
    for (const [handle, visibleAt] of subscriber.held) if (visibleAt > now) this.acks.changeVisibility(handle, 0);
    if (this.subscribers.size === 0) this.halt();
  }

  /** The stream asked for more. */
  poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Shutdown: stop polling, complete every subscriber (giving back what they held), send pending acks. */
  async close(): Promise<void> {
    this.stopped = true;
    for (const { stream } of [...this.subscribers.values()]) stream.end();
    this.halt();
    await this.acks.flush();
  }

  private halt(): void {
    clearInterval(this.extender);
    this.extender = undefined;
    this.abort?.abort();
    this.poke();
  }

  private room(): number {
    let free = 0;
    for (const { stream } of this.subscribers.values()) free += stream.free;
    return Math.min(10, free);
  }

  private async loop(): Promise<void> {
    this.running = true;
    let failures = 0;
    while (this.subscribers.size > 0 && !this.stopped) {
      const room = this.room();
      if (room === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      try {
        const messages = await this.receive(room);
        failures = 0;
        const groups = new Map<string, Subscriber<T> | null>();
        for (const message of messages) this.dispatch(message, groups);
      } catch (err) {
        if (this.abort?.signal.aborted) continue;
        if ((err as Error).name === 'QueueDoesNotExist' || (err as Error).name === 'AWS.SimpleQueueService.NonExistentQueue') {
          this.failAll(new NotFoundError(`Queue ${this.options.queueName} does not exist`, { cause: err }));
          break;
        }
        failures++;
        this.options.logger.warn({ err, queue: this.options.queueName, failures }, 'receiving for subscribers failed; retrying');
        await sleep(backoffDelay(failures, { baseMs: 200, maxMs: 10_000 }));
      }
    }
    this.running = false;
    if (this.subscribers.size === 0) this.options.onIdle();
  }

  private async receive(max: number): Promise<SqsMessage[]> {
    this.abort = new AbortController();
    const out = await this.options.poller.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: this.options.waitTimeSeconds ?? 20,
        VisibilityTimeout: this.options.visibilityTimeout,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return out.Messages ?? [];
  }

  /**
   * Gives the message to the subscriber with the most room (round robin among equals). The
   * messages of one FIFO group in a receive all go to the subscriber that got the first of them,
   * in order (`groups`): spread over several subscribers they would be worked on at once, out of
   * order. One that subscriber has no room for goes back, as do the rest of its group after it.
   */
  private dispatch(message: SqsMessage, groups: Map<string, Subscriber<T> | null>): void {
    const handle = message.ReceiptHandle!;
    const group = message.Attributes?.MessageGroupId;
    const chosen = group !== undefined && groups.has(group) ? groups.get(group) : this.roomiest();
    if (!chosen || chosen.stream.free === 0) {
      if (group !== undefined) groups.set(group, null);
      this.acks.changeVisibility(handle, 0);
      return;
    }
    if (group !== undefined) groups.set(group, chosen);
    const { ack, held } = chosen;
    const delivery: Delivery<T> = {
      value: this.options.map(message),
      delivered: () => {
        if (ack === 'AUTO') this.acks.delete(handle);
        else held.set(handle, this.tracked.get(delivery)!.since + this.options.visibilityTimeout * 1000);
      },
      undelivered: () => this.acks.changeVisibility(handle, 0),
    };
    this.tracked.set(delivery, { handle, since: Date.now() });
    chosen.stream.push(delivery);
  }

  private roomiest(): Subscriber<T> | undefined {
    const subscribers = [...this.subscribers.values()];
    let chosen: Subscriber<T> | undefined;
    for (let i = 0; i < subscribers.length; i++) {
      const candidate = subscribers[(this.turn + i) % subscribers.length]!;
      if (candidate.stream.free > (chosen?.stream.free ?? 0)) chosen = candidate;
    }
    this.turn++;
    return chosen;
  }

  /** Messages still waiting for a slow subscriber get their visibility extended before it runs out. */
  private extendWaiting(): void {
    if (this.options.visibilityTimeout === 0) return;
    const half = (this.options.visibilityTimeout * 1000) / 2;
    const now = Date.now();
    for (const { stream, held } of this.subscribers.values()) {
      for (const [handle, visibleAt] of held) if (visibleAt <= now) held.delete(handle);
      for (const delivery of stream.waitingDeliveries) {
        const tracked = this.tracked.get(delivery);
        if (!tracked || now - tracked.since < half) continue;
        tracked.since = now;
        this.acks.changeVisibility(tracked.handle, this.options.visibilityTimeout);
      }
    }
  }

  private failAll(err: Error): void {
    for (const { stream } of [...this.subscribers.values()]) stream.fail(err);
  }
}

import { applyAttributes, redrivePolicyOf, type RedrivePolicy } from './attributes';
import { Deduplicator, fifoIdentity } from './dedup';
import { errors } from './errors';
import { State, StoredMessage, type MessageInit, type MessageOwner } from './message';
import { decodeReceipt, encodeReceipt } from './receipt';
import { Retention } from './retention';
import type { Scheduler } from './scheduler';
import { FifoVisible, StandardVisible, type VisibleSet } from './visible';
import { Waiters } from './waiters';

/** What a queue is given by the service that holds it. */
export interface QueueDeps {
  scheduler: Scheduler;
  now(): number;
  /** The queue with this ARN, for dead-letter moves. */
  byArn(arn: string): Queue | undefined;
  /** The next FIFO sequence number (20 digits, increasing across all queues). */
  nextSequence(): string;
  /** Called after every change of state, for persistence. */
  changed(): void;
}

/** A message as a sender gives it, validated, with the digests SendMessage answers; the queue adds the time and FIFO sequence. */
export type Draft = Omit<MessageInit, 'sentAt' | 'sequence'> & { md5: string; md5Attributes?: string };

/** The 12-hour ceiling of a message's visibility, counted from its receive. */
const MAX_VISIBILITY_MS = 43_200_000;

/** One queue: its settings, its messages in their states, its waiting receivers. */
export class Queue implements MessageOwner {
  readonly messages = new Map<string, StoredMessage>();
  readonly visible: VisibleSet;
  readonly dedup = new Deduplicator();
  readonly waiters: Waiters;
  tags: Record<string, string> = {};
  inflight = 0;
  delayed = 0;
  purgedAt = 0;
  private redrive: RedrivePolicy | undefined;
  private readonly retention: Retention;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly fifo: boolean,
    readonly attributes: Record<string, string>,
    readonly createdAt: number,
    public lastModifiedAt: number,
    private readonly deps: QueueDeps,
  ) {
    this.visible = fifo ? new FifoVisible() : new StandardVisible();
    this.redrive = redrivePolicyOf(attributes);
    this.waiters = new Waiters(this);
    this.retention = new Retention(this, deps.scheduler);
  }

  /** A queue attribute as a number (the integer ones are validated when set). */
  setting(name: 'VisibilityTimeout' | 'DelaySeconds' | 'MessageRetentionPeriod' | 'MaximumMessageSize' | 'ReceiveMessageWaitTimeSeconds'): number {
    return Number(this.attributes[name]);
  }

  setAttributes(given: Record<string, string>): void {
    applyAttributes(this.attributes, this.fifo, given, false);
    this.redrive = redrivePolicyOf(this.attributes);
    this.lastModifiedAt = this.deps.now();
    if ('MessageRetentionPeriod' in given) this.retention.reschedule();
    this.deps.changed();
  }

  /** Records a change that is not an attribute (tags), for persistence. */
  touch(): void {
    this.deps.changed();
  }

  get redrivePolicy(): RedrivePolicy | undefined {
    return this.redrive;
  }

  /** Enqueues a message; returns its id and sequence number (those of the first copy when deduplicated). */
  send(draft: Draft, delaySeconds: number | undefined): { id: string; sequence?: string } {
    const now = this.deps.now();
    const { md5: _md5, md5Attributes: _md5Attributes, ...init } = draft;
    if (!this.fifo) {
      if (draft.dedupId !== undefined) throw errors.invalidValue('MessageDeduplicationId', draft.dedupId, 'The request includes a parameter that is not valid for this queue type.');
      const message = new StoredMessage(this, { ...init, sentAt: now });
      this.enqueue(message, delaySeconds ?? this.setting('DelaySeconds'), now);
      return { id: message.id };
    }
    const { dedupId, key } = fifoIdentity(this.attributes, draft, delaySeconds);
    const first = this.dedup.find(key, now);
    if (first) return { id: first.messageId, sequence: first.sequence };
    const sequence = this.deps.nextSequence();
    const message = new StoredMessage(this, { ...init, dedupId, sequence, sentAt: now });
    this.dedup.remember(key, message.id, sequence, now);
    // FIFO queues only know the queue's delay.
    this.enqueue(message, this.setting('DelaySeconds'), now);
    return { id: message.id, sequence };
  }

  /** Puts a message (new, restored or moved here) into the state its delay gives it. */
  enqueue(message: StoredMessage, delaySeconds: number, now: number): void {
    this.messages.set(message.id, message);
    if (delaySeconds > 0) {
      message.state = State.Delayed;
      this.delayed++;
      this.deps.scheduler.schedule(message, now + delaySeconds * 1000);
    } else {
      message.state = State.Visible;
      this.visible.add(message, false);
      this.waiters.wake();
    }
    this.retention.watch();
    this.deps.changed();
  }

  /** Puts back a message restored from disk in the state it was saved in. */
  restore(message: StoredMessage, state: State, dueAt: number): void {
    if (state === State.Visible) return this.enqueue(message, 0, dueAt);
    this.messages.set(message.id, message);
    message.state = state;
    if (state === State.Inflight) {
      this.inflight++;
      this.visible.holdInflight(message);
    } else {
      this.delayed++;
    }
    this.deps.scheduler.schedule(message, dueAt);
    this.retention.watch();
  }

  /**
   * Receives up to `max` messages for `visibilityTimeout` seconds. A message already received
   * maxReceiveCount times goes to the dead-letter queue instead; expired messages are dropped.
   */
  receive(max: number, visibilityTimeout: number): StoredMessage[] {
    const now = this.deps.now();
    const received: StoredMessage[] = [];
    const deadLetter = this.redrive && this.deps.byArn(this.redrive.deadLetterTargetArn);
    for (let batch = this.visible.take(max); batch.length > 0; batch = received.length < max ? this.visible.take(max - received.length) : []) {
      for (const message of batch) {
        if (this.retention.expired(message, now)) {
          this.dropTaken(message);
        } else if (deadLetter && deadLetter !== this && message.receiveCount >= (this.redrive as RedrivePolicy).maxReceiveCount) {
          this.dropTaken(message);
          deadLetter.adopt(message, this.arn, now);
        } else {
          this.startFlight(message, visibilityTimeout, now);
          received.push(message);
        }
      }
    }
    if (received.length) this.deps.changed();
    return received;
  }

  private startFlight(message: StoredMessage, visibilityTimeout: number, now: number): void {
    message.receiveCount++;
    if (!message.firstReceivedAt) message.firstReceivedAt = now;
    message.receivedAt = now;
    message.state = State.Inflight;
    this.inflight++;
    this.deps.scheduler.schedule(message, now + visibilityTimeout * 1000);
  }

  /** The receipt handle of a message's latest receive. */
  receiptOf(message: StoredMessage): string {
    return encodeReceipt({ queueArn: this.arn, messageId: message.id, receiveCount: message.receiveCount });
  }

  /**
   * DeleteMessage. A handle of a message that is already gone succeeds (AWS answers deletes
   * idempotently); on a standard queue an older handle of a live message still deletes it,
   * while a FIFO queue refuses a handle whose visibility has ended.
   */
  deleteMessage(handle: string): void {
    const message = this.messageOf(handle);
    if (!message) return;
    if (this.fifo && (message.state !== State.Inflight || message.receiveCount !== decodeReceipt(handle)?.receiveCount)) {
      throw errors.invalidValue('ReceiptHandle', handle, 'The receipt handle has expired.');
    }
    this.forget(message);
  }

  /** ChangeMessageVisibility: counts from now; 0 makes the message visible at once. */
  changeVisibility(handle: string, timeout: number): void {
    const message = this.messageOf(handle);
    if (!message) throw errors.invalidValue('ReceiptHandle', handle, 'Message does not exist or is not available for visibility timeout change.');
    // A message whose visibility already ended is left as it is, as AWS does; on a FIFO queue a
    // handle of an earlier receive has expired.
    if (this.fifo && message.receiveCount !== decodeReceipt(handle)?.receiveCount) {
      throw errors.invalidValue('ReceiptHandle', handle, 'The receipt handle has expired.');
    }
    if (message.state !== State.Inflight) return;
    const now = this.deps.now();
    if (now + timeout * 1000 - (message.receivedAt ?? now) > MAX_VISIBILITY_MS) {
      throw errors.invalidValue('VisibilityTimeout', timeout, `Total VisibilityTimeout for the message is beyond the limit [43200 seconds]`);
    }
    if (timeout === 0) {
      // Visible before this call answers, so the caller's next receive sees it: a timer, even one
      // due at once, could fire after that receive is served on a busy loop.
      this.deps.scheduler.cancel(message);
      this.onDue(message);
      return;
    }
    this.deps.scheduler.schedule(message, now + timeout * 1000);
    this.deps.changed();
  }

  /** Starts a message's visibility timeout again (a retried FIFO receive). */
  extendVisibility(message: StoredMessage, timeout: number): void {
    if (message.state !== State.Inflight) return;
    this.deps.scheduler.schedule(message, this.deps.now() + timeout * 1000);
    this.deps.changed();
  }

  /** The live message a receipt handle names, or undefined when it is gone; throws for a handle that is not this queue's. */
  private messageOf(handle: string): StoredMessage | undefined {
    const receipt = decodeReceipt(handle);
    if (!receipt || receipt.queueArn !== this.arn) throw errors.receiptHandleIsInvalid(handle);
    return this.messages.get(receipt.messageId);
  }

  /** A delay or a visibility timeout ended. */
  onDue(message: StoredMessage): void {
    if (message.state === State.Delayed) this.delayed--;
    else if (message.state === State.Inflight) this.inflight--;
    else return;
    const returned = message.state === State.Inflight;
    message.state = State.Visible;
    this.visible.add(message, returned);
    this.waiters.wake();
    this.deps.changed();
  }

  /**
   * Takes in a message from another queue: moved to this dead-letter queue after maxReceiveCount
   * receives (`deadLetterSourceArn` set), or redriven here by a message move task. It keeps its
   * id, body, attributes and sent time, starts with no receives and, on a FIFO queue, gets a new
   * sequence number behind the messages already here.
   */
  adopt(message: StoredMessage, deadLetterSourceArn: string | undefined, now: number): void {
    const sequence = this.fifo ? this.deps.nextSequence() : undefined;
    const adopted = new StoredMessage(this, { ...message.init, sequence, deadLetterSourceArn });
    this.enqueue(adopted, 0, now);
  }

  /** Takes the next receivable message out of the queue for a move task, without receiving it. */
  takeForMove(): StoredMessage | undefined {
    const [message] = this.visible.take(1);
    if (message) this.dropTaken(message);
    return message;
  }

  /** Removes a message that `visible.take` handed out but that is not being received. */
  private dropTaken(message: StoredMessage): void {
    message.state = State.Inflight;
    this.inflight++;
    this.forget(message);
  }

  /** Removes a message from every structure it is in. */
  forget(message: StoredMessage): void {
    switch (message.state) {
      case State.Visible:
        this.visible.remove(message);
        break;
      case State.Inflight:
        this.deps.scheduler.cancel(message);
        this.inflight--;
        this.visible.release(message);
        // On a FIFO queue this may free the message's group for a waiting receiver.
        this.waiters.wake();
        break;
      case State.Delayed:
        this.deps.scheduler.cancel(message);
        this.delayed--;
        break;
      default:
        return;
    }
    message.state = State.Gone;
    this.messages.delete(message.id);
    this.deps.changed();
  }

  /** PurgeQueue: every message goes, in whatever state, and FIFO deduplication is forgotten. */
  purge(): void {
    const now = this.deps.now();
    if (now - this.purgedAt < 60_000) throw errors.purgeInProgress(this.name);
    this.purgedAt = now;
    for (const message of this.messages.values()) {
      if (message.state !== State.Visible) this.deps.scheduler.cancel(message);
      message.state = State.Gone;
    }
    this.messages.clear();
    this.visible.clear();
    this.dedup.clear();
    this.inflight = this.delayed = 0;
    this.deps.changed();
  }

  /** Stops the queue's timers and answers its waiting receivers (queue deleted or service closing). */
  shutdown(): void {
    for (const message of this.messages.values()) this.deps.scheduler.cancel(message);
    this.retention.cancel();
    this.waiters.closeAll();
  }
}

import type { LocalMessageAttribute } from '../service';
import { md5OfAttributes, md5OfBody } from './md5';
import type { Timed } from './scheduler';

export enum State {
  Delayed = 0,
  Visible = 1,
  Inflight = 2,
  Gone = 3,
}

/** What a queue needs from its messages' timers. */
export interface MessageOwner {
  onDue(message: StoredMessage, now: number): void;
}

/** Parts of a message that most messages lack (FIFO, tracing, dead-letter); kept apart so plain messages stay small. */
export interface MessageExtra {
  traceHeader?: string;
  md5System?: string;
  groupId?: string;
  dedupId?: string;
  sequence?: string;
  deadLetterSourceArn?: string;
}

/** The parts of a message fixed when it is sent. */
export interface MessageInit extends MessageExtra {
  id: string;
  body: string;
  attributes?: Record<string, LocalMessageAttribute>;
  sentAt: number;
  senderId: string;
}

/**
 * One message in a queue. It is its own scheduler entry (visibility and delay deadlines) and
 * its own node in the queue's visible list, so a waiting message costs one small object besides
 * its body and attributes: digests are computed when a receive needs them, rare fields sit in
 * `extra`, and the receive times stay unset (no boxed numbers) until the first receive.
 */
export class StoredMessage implements Timed {
  readonly id: string;
  readonly body: string;
  readonly attributes: Record<string, LocalMessageAttribute> | undefined;
  readonly sentAt: number;
  readonly senderId: string;
  private readonly extra: MessageExtra | undefined;
  state: State = State.Visible;
  receiveCount = 0;
  firstReceivedAt: number | undefined = undefined;
  /** When the current receive started, for the 12-hour visibility ceiling. */
  receivedAt: number | undefined = undefined;
  heapIndex = -1;
  prev: StoredMessage | undefined = undefined;
  next: StoredMessage | undefined = undefined;

  constructor(
    private readonly owner: MessageOwner,
    { id, body, attributes, sentAt, senderId, ...extra }: MessageInit,
  ) {
    this.id = id;
    this.body = body;
    this.attributes = attributes;
    this.sentAt = sentAt;
    this.senderId = senderId;
    this.extra = Object.values(extra).some((v) => v !== undefined) ? extra : undefined;
  }

  get md5(): string {
    return md5OfBody(this.body);
  }

  get md5Attributes(): string | undefined {
    return md5OfAttributes(this.attributes);
  }

  get traceHeader(): string | undefined {
    return this.extra?.traceHeader;
  }

  get md5System(): string | undefined {
    return this.extra?.md5System;
  }

  get groupId(): string | undefined {
    return this.extra?.groupId;
  }

  get dedupId(): string | undefined {
    return this.extra?.dedupId;
  }

  get sequence(): string | undefined {
    return this.extra?.sequence;
  }

  get deadLetterSourceArn(): string | undefined {
    return this.extra?.deadLetterSourceArn;
  }

  /** What a copy of this message in another queue starts from. */
  get init(): MessageInit {
    return { id: this.id, body: this.body, attributes: this.attributes, sentAt: this.sentAt, senderId: this.senderId, ...this.extra };
  }

  fire(now: number): void {
    this.owner.onDue(this, now);
  }
}

/** An intrusive doubly linked list of messages (O(1) push, shift, insert and removal). */
export class MessageList {
  head: StoredMessage | undefined;
  tail: StoredMessage | undefined;
  length = 0;

  push(message: StoredMessage): void {
    message.prev = this.tail;
    message.next = undefined;
    if (this.tail) this.tail.next = message;
    else this.head = message;
    this.tail = message;
    this.length++;
  }

  /** Inserts before `before` (or at the end when undefined). */
  insertBefore(message: StoredMessage, before: StoredMessage | undefined): void {
    if (!before) return this.push(message);
    message.next = before;
    message.prev = before.prev;
    if (before.prev) before.prev.next = message;
    else this.head = message;
    before.prev = message;
    this.length++;
  }

  shift(): StoredMessage | undefined {
    const head = this.head;
    if (head) this.remove(head);
    return head;
  }

  remove(message: StoredMessage): void {
    if (message.prev) message.prev.next = message.next;
    else this.head = message.next;
    if (message.next) message.next.prev = message.prev;
    else this.tail = message.prev;
    message.prev = message.next = undefined;
    this.length--;
  }

  clear(): void {
    for (let m = this.head; m; ) {
      const next = m.next;
      m.prev = m.next = undefined;
      m = next;
    }
    this.head = this.tail = undefined;
    this.length = 0;
  }
}

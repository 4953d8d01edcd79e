import type { LocalMessageAttribute } from '../service';
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

/** The parts of a message fixed when it is sent. */
export interface MessageInit {
  id: string;
  body: string;
  md5: string;
  attributes?: Record<string, LocalMessageAttribute>;
  md5Attributes?: string;
  traceHeader?: string;
  md5System?: string;
  sentAt: number;
  senderId: string;
  groupId?: string;
  dedupId?: string;
  sequence?: string;
  deadLetterSourceArn?: string;
}

/**
 * One message in a queue. It is its own scheduler entry (visibility and delay deadlines) and
 * its own node in the queue's visible list, so a waiting message costs one object besides its
 * body and attributes.
 */
export class StoredMessage implements Timed, MessageInit {
  readonly id: string;
  readonly body: string;
  readonly md5: string;
  readonly attributes?: Record<string, LocalMessageAttribute>;
  readonly md5Attributes?: string;
  readonly traceHeader?: string;
  readonly md5System?: string;
  readonly sentAt: number;
  readonly senderId: string;
  readonly groupId?: string;
  readonly dedupId?: string;
  readonly sequence?: string;
  readonly deadLetterSourceArn?: string;
  state: State = State.Visible;
  receiveCount = 0;
  firstReceivedAt = 0;
  /** When the current receive started, for the 12-hour visibility ceiling. */
  receivedAt = 0;
  dueAt = 0;
  heapIndex = -1;
  prev: StoredMessage | undefined = undefined;
  next: StoredMessage | undefined = undefined;

  constructor(
    private readonly owner: MessageOwner,
    init: MessageInit,
  ) {
    this.id = init.id;
    this.body = init.body;
    this.md5 = init.md5;
    this.sentAt = init.sentAt;
    this.senderId = init.senderId;
    // Every field is assigned, present or not, so all messages share one hidden class.
    this.attributes = init.attributes;
    this.md5Attributes = init.md5Attributes;
    this.traceHeader = init.traceHeader;
    this.md5System = init.md5System;
    this.groupId = init.groupId;
    this.dedupId = init.dedupId;
    this.sequence = init.sequence;
    this.deadLetterSourceArn = init.deadLetterSourceArn;
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

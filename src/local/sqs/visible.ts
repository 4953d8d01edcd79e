import { MessageList, type StoredMessage } from './message';

/** The messages of a queue that are ready to be received, in the order the queue type promises. */
export interface VisibleSet {
  /** Visible messages (ApproximateNumberOfMessages). */
  readonly size: number;
  /** A message becomes visible: newly sent, out of its delay, or back from flight (`returned`). */
  add(message: StoredMessage, returned: boolean): void;
  /** Takes away a visible message (deleted with an old receipt handle, expired, purged). */
  remove(message: StoredMessage): void;
  /** Takes up to `max` deliverable messages out of the set; they are in flight from now on. */
  take(max: number): StoredMessage[];
  /** A taken message leaves flight without coming back (deleted, moved to a dead-letter queue). */
  release(message: StoredMessage): void;
  /** Counts a message restored from disk as in flight, as if `take` had handed it out. */
  holdInflight(message: StoredMessage): void;
  /** Whether `take` would return anything now. */
  hasDeliverable(): boolean;
  clear(): void;
}

/** Standard queues: best-effort order, oldest first; a message back from flight goes before newer ones. */
export class StandardVisible implements VisibleSet {
  private readonly list = new MessageList();

  get size(): number {
    return this.list.length;
  }

  add(message: StoredMessage, returned: boolean): void {
    if (!returned) return this.list.push(message);
    let before = this.list.head;
    while (before && before.sentAt <= message.sentAt) before = before.next;
    this.list.insertBefore(message, before);
  }

  remove(message: StoredMessage): void {
    this.list.remove(message);
  }

  take(max: number): StoredMessage[] {
    const taken: StoredMessage[] = [];
    for (let m = this.list.shift(); m; m = taken.length < max ? this.list.shift() : undefined) taken.push(m);
    return taken;
  }

  release(): void {
    // Standard queues keep no per-message delivery state.
  }

  holdInflight(): void {
    // Nothing to hold back on a standard queue.
  }

  hasDeliverable(): boolean {
    return this.list.length > 0;
  }

  clear(): void {
    this.list.clear();
  }
}

interface Group {
  id: string;
  list: MessageList;
  inflight: number;
}

/**
 * FIFO queues: strict order within a message group, and a group is held back while any of its
 * messages is in flight, except that a message whose visibility ended makes its group
 * receivable again (it is older than everything behind it). A receive takes as many messages
 * of one group as it can before moving on to the next group.
 */
export class FifoVisible implements VisibleSet {
  private readonly groups = new Map<string, Group>();
  /** Groups with something receivable, in the order they became receivable. */
  private readonly ready = new Set<Group>();
  size = 0;

  add(message: StoredMessage, returned: boolean): void {
    const group = this.group(message.groupId as string);
    if (returned) {
      group.inflight--;
      let before = group.list.head;
      while (before && (before.sequence as string) < (message.sequence as string)) before = before.next;
      group.list.insertBefore(message, before);
    } else {
      group.list.push(message);
    }
    this.size++;
    this.refresh(group);
  }

  remove(message: StoredMessage): void {
    const group = this.groups.get(message.groupId as string);
    if (!group) return;
    group.list.remove(message);
    this.size--;
    this.refresh(group);
  }

  take(max: number): StoredMessage[] {
    const taken: StoredMessage[] = [];
    for (const group of this.ready) {
      if (taken.length >= max) break;
      const onlyReturned = group.inflight > 0;
      for (let m = group.list.head; m && taken.length < max && (!onlyReturned || m.receiveCount > 0); m = group.list.head) {
        group.list.remove(m);
        group.inflight++;
        this.size--;
        taken.push(m);
      }
      this.refresh(group);
    }
    return taken;
  }

  release(message: StoredMessage): void {
    const group = this.groups.get(message.groupId as string);
    if (!group) return;
    group.inflight--;
    this.refresh(group);
  }

  holdInflight(message: StoredMessage): void {
    this.group(message.groupId as string).inflight++;
  }

  hasDeliverable(): boolean {
    return this.ready.size > 0;
  }

  clear(): void {
    for (const group of this.groups.values()) group.list.clear();
    this.groups.clear();
    this.ready.clear();
    this.size = 0;
  }

  private group(id: string): Group {
    let group = this.groups.get(id);
    if (!group) {
      group = { id, list: new MessageList(), inflight: 0 };
      this.groups.set(id, group);
    }
    return group;
  }

  private refresh(group: Group): void {
    const head = group.list.head;
    const receivable = head !== undefined && (group.inflight === 0 || head.receiveCount > 0);
    if (!receivable) {
      this.ready.delete(group);
      if (!head && group.inflight === 0) this.groups.delete(group.id);
    } else if (!this.ready.has(group)) {
      this.ready.add(group);
    }
  }
}

/** Something that becomes due at a point in time; the scheduler keeps its heap position on it. */
export interface Timed {
  /** Epoch milliseconds at which `fire` runs. */
  dueAt: number;
  /** Position in the scheduler's heap, -1 when not scheduled. */
  heapIndex: number;
  fire(now: number): void;
}

/**
 * One timer for every visibility timeout, delay and retention deadline of the local SQS: a
 * binary min-heap ordered by `dueAt` with a single setTimeout armed for its earliest entry.
 * Entries are removed in O(log n) when cancelled (a message deleted while in flight), so the
 * heap holds only live deadlines.
 */
export class Scheduler {
  private readonly heap: Timed[] = [];
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private closed = false;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.heap.length;
  }

  /** Schedules (or moves) an entry to fire at `dueAt`. */
  schedule(item: Timed, dueAt: number): void {
    if (item.heapIndex >= 0) this.remove(item);
    item.dueAt = dueAt;
    item.heapIndex = this.heap.length;
    this.heap.push(item);
    this.up(item.heapIndex);
    if (this.heap[0] === item) this.arm();
  }

  /** Removes an entry; a no-op when it is not scheduled. */
  cancel(item: Timed): void {
    if (item.heapIndex >= 0) this.remove(item);
  }

  /** Stops the timer; nothing fires after this. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Fires every entry that is due now (the timer calls this; tests may too). */
  runDue(): void {
    const now = this.now();
    for (let top = this.heap[0]; top && top.dueAt <= now; top = this.heap[0]) {
      this.remove(top);
      top.fire(now);
    }
  }

  private arm(): void {
    const top = this.heap[0];
    if (this.closed || !top || top.dueAt >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = top.dueAt;
    // setTimeout holds at most ~24.8 days; a later deadline simply re-arms when this one fires.
    const delay = Math.min(Math.max(0, top.dueAt - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.onTimer(), delay);
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    this.runDue();
    this.arm();
  }

  private remove(item: Timed): void {
    const index = item.heapIndex;
    const last = this.heap.pop() as Timed;
    item.heapIndex = -1;
    if (last === item) return;
    this.heap[index] = last;
    last.heapIndex = index;
    this.up(index);
    this.down(last.heapIndex);
  }

  private up(index: number): void {
    const item = this.heap[index] as Timed;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.heap[parentIndex] as Timed;
      if (parent.dueAt <= item.dueAt) break;
      this.heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    this.heap[index] = item;
    item.heapIndex = index;
  }

  private down(index: number): void {
    const length = this.heap.length;
    const item = this.heap[index] as Timed;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && (this.heap[right] as Timed).dueAt < (this.heap[left] as Timed).dueAt ? right : left;
      const childItem = this.heap[child] as Timed;
      if (childItem.dueAt >= item.dueAt) break;
      this.heap[index] = childItem;
      childItem.heapIndex = index;
      index = child;
    }
    this.heap[index] = item;
    item.heapIndex = index;
  }
}

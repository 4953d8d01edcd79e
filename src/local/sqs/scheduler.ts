/** Something that becomes due at a point in time; the scheduler keeps its heap position on it. */
export interface Timed {
  /** Position in the scheduler's heap, -1 when not scheduled. */
  heapIndex: number;
  fire(now: number): void;
}

/**
 * One timer for every visibility timeout, delay and retention deadline of the local SQS: a
 * binary min-heap of deadlines with a single setTimeout armed for the earliest. Deadlines live
 * in a Float64Array beside the heap, not on the entries, so a waiting message carries no boxed
 * number for them. Entries are removed in O(log n) when cancelled (a message deleted while in
 * flight), so the heap holds only live deadlines.
 */
export class Scheduler {
  private items: Timed[] = [];
  private due = new Float64Array(1024);
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private closed = false;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.items.length;
  }

  /** When an entry is due, or undefined when it is not scheduled. */
  dueAt(item: Timed): number | undefined {
    return item.heapIndex >= 0 ? this.due[item.heapIndex] : undefined;
  }

  /** Schedules (or moves) an entry to fire at `dueAt` (epoch milliseconds). */
  schedule(item: Timed, dueAt: number): void {
    if (item.heapIndex >= 0) this.remove(item);
    const index = this.items.length;
    if (index === this.due.length) {
      const grown = new Float64Array(this.due.length * 2);
      grown.set(this.due);
      this.due = grown;
    }
    this.items.push(item);
    this.place(index, item, dueAt);
    this.up(index);
    if (this.items[0] === item) this.arm();
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

  /** Fires every entry that is due now (the timer calls this). */
  runDue(): void {
    const now = this.now();
    while (this.items.length > 0 && (this.due[0] as number) <= now) {
      const top = this.items[0] as Timed;
      this.remove(top);
      top.fire(now);
    }
  }

  private arm(): void {
    if (this.closed || this.items.length === 0) return;
    const first = this.due[0] as number;
    if (first >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = first;
    // setTimeout holds at most ~24.8 days; a later deadline simply re-arms when this one fires.
    const delay = Math.min(Math.max(0, first - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.onTimer(), delay);
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    this.runDue();
    this.arm();
  }

  private place(index: number, item: Timed, dueAt: number): void {
    this.items[index] = item;
    this.due[index] = dueAt;
    item.heapIndex = index;
  }

  private remove(item: Timed): void {
    const index = item.heapIndex;
    const lastIndex = this.items.length - 1;
    const last = this.items.pop() as Timed;
    const lastDue = this.due[lastIndex] as number;
    item.heapIndex = -1;
    if (last === item) return;
    this.place(index, last, lastDue);
    this.up(index);
    this.down(last.heapIndex);
  }

  private up(index: number): void {
    const item = this.items[index] as Timed;
    const due = this.due[index] as number;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((this.due[parent] as number) <= due) break;
      this.place(index, this.items[parent] as Timed, this.due[parent] as number);
      index = parent;
    }
    this.place(index, item, due);
  }

  private down(index: number): void {
    const length = this.items.length;
    const item = this.items[index] as Timed;
    const due = this.due[index] as number;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && (this.due[right] as number) < (this.due[left] as number) ? right : left;
      if ((this.due[child] as number) >= due) break;
      this.place(index, this.items[child] as Timed, this.due[child] as number);
      index = child;
    }
    this.place(index, item, due);
  }
}

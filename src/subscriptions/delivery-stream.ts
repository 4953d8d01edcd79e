/** One value handed to a subscriber, with what to do once we know whether it reached the client. */
export interface Delivery<T> {
  value: T;
  /** The value was written to the client's socket (AUTO ack deletes the message here). */
  delivered(): void;
  /** The value will never reach the client: give the message back to the queue at once. */
  undelivered(): void;
}

/**
 * The async iterator behind one GraphQL subscription. A poller pushes deliveries into a small
 * buffer; graphql-ws pulls them one at a time. graphql-ws awaits each socket write before it
 * asks for the next value, so a call to `next()` proves that the value handed out before it
 * was written: only then is it confirmed as delivered. Whatever is still buffered or in hand
 * when the subscriber leaves is undelivered, so a message is never acknowledged before it was
 * sent (at least once).
 */
export class DeliveryStream<T> implements AsyncIterableIterator<T> {
  private readonly buffer: Delivery<T>[] = [];
  private inHand?: Delivery<T>;
  private waiting?: { resolve: (r: IteratorResult<T>) => void; reject: (err: unknown) => void };
  private failure?: unknown;
  private closed = false;

  /**
   * @param capacity how many deliveries may wait in the buffer (the poller never takes more than the free room)
   * @param hooks `onDemand` when room frees up, `onClose` once when the stream ends for any reason
   */
  constructor(
    readonly capacity: number,
    private readonly hooks: { onDemand?: () => void; onClose?: (stream: DeliveryStream<T>) => void } = {},
  ) {}

  /** Room for more deliveries right now. */
  get free(): number {
    return this.closed ? 0 : Math.max(0, this.capacity - this.buffer.length);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Deliveries waiting in the buffer, oldest first (for visibility extension). */
  get waitingDeliveries(): readonly Delivery<T>[] {
    return this.buffer;
  }

  /** Hands a delivery to the subscriber; refused (undelivered at once) after the stream ended. */
  push(delivery: Delivery<T>): void {
    if (this.closed) {
      delivery.undelivered();
      return;
    }
    if (this.waiting) {
      this.handOut(delivery);
      return;
    }
    this.buffer.push(delivery);
  }

  /** Takes back deliveries that waited too long (so another consumer can have them). */
  reclaim(predicate: (d: Delivery<T>) => boolean): Delivery<T>[] {
    const taken = this.buffer.filter(predicate);
    if (taken.length) {
      const kept = this.buffer.filter((d) => !predicate(d));
      this.buffer.length = 0;
      this.buffer.push(...kept);
    }
    return taken;
  }

  /** Ends the stream with an error for the subscriber (after what is buffered was given back). */
  fail(err: unknown): void {
    if (this.closed) return;
    this.failure = err;
    const waiting = this.waiting;
    this.waiting = undefined;
    this.finish();
    waiting?.reject(err);
  }

  /** Completes the stream (server shutdown): the subscriber sees a clean end. */
  end(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.finish();
    waiting?.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    this.confirm();
    if (this.failure !== undefined) {
      const err = this.failure;
      this.failure = undefined;
      return Promise.reject(err);
    }
    const next = this.buffer.shift();
    if (next) {
      this.inHand = next;
      this.hooks.onDemand?.();
      return Promise.resolve({ value: next.value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    this.hooks.onDemand?.();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** The subscriber left (complete, disconnect, or a failed write). */
  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err?: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private handOut(delivery: Delivery<T>): void {
    const waiting = this.waiting!;
    this.waiting = undefined;
    this.inHand = delivery;
    waiting.resolve({ value: delivery.value, done: false });
  }

  private confirm(): void {
    this.inHand?.delivered();
    this.inHand = undefined;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    // The value in hand was not confirmed by a later next(): we can't know it was written.
    this.inHand?.undelivered();
    this.inHand = undefined;
    for (const d of this.buffer.splice(0)) d.undelivered();
    this.hooks.onClose?.(this);
  }
}

/**
 * Work still running, so that a shutdown can wait for it: each tracked promise is kept until it
 * settles. Used for the queries and mutations that clients send over graphql-ws, whose answers go
 * out on a socket the shutdown would otherwise close under them.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Remembers `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once everything tracked so far has settled, or after `ms`, whichever comes first; true when all settled. */
  async settled(ms: number): Promise<boolean> {
    if (!this.running.size) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([Promise.all([...this.running]).then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

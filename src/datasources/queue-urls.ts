/**
 * Queue name to URL, shared by every request of the process so that a message costs one SQS
 * call, not two. A queue's URL never changes (a queue created again gets the same one), so an
 * entry is only dropped when a call finds the queue gone, or the cache is full.
 */
export class QueueUrlCache {
  private readonly urls = new Map<string, string>();

  constructor(private readonly maxEntries = 10_000) {}

  get(name: string): string | undefined {
    return this.urls.get(name);
  }

  set(name: string, url: string): void {
    if (this.urls.size >= this.maxEntries && !this.urls.has(name)) {
      const oldest = this.urls.keys().next().value;
      if (oldest !== undefined) this.urls.delete(oldest);
    }
    this.urls.set(name, url);
  }

  delete(name: string): void {
    this.urls.delete(name);
  }
}

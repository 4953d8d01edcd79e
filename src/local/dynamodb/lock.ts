/**
 * A readers-writer lock: any number of shared holders, or one exclusive holder. Waiting
 * exclusive requests go first, so a stream of reads can't starve a transaction.
 */
export class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly waitingWriters: Array<() => void> = [];
  private readonly waitingReaders: Array<() => void> = [];

  /** Resolves with a release function once shared access is granted. */
  shared(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.readers++;
        resolve(once(() => this.releaseShared()));
      };
      if (!this.writer && this.waitingWriters.length === 0) grant();
      else this.waitingReaders.push(grant);
    });
  }

  /** Resolves with a release function once exclusive access is granted. */
  exclusive(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.writer = true;
        resolve(once(() => this.releaseExclusive()));
      };
      if (!this.writer && this.readers === 0) grant();
      else this.waitingWriters.push(grant);
    });
  }

  private releaseShared(): void {
    this.readers--;
    if (this.readers === 0) this.waitingWriters.shift()?.();
  }

  private releaseExclusive(): void {
    this.writer = false;
    const next = this.waitingWriters.shift();
    if (next) return next();
    for (const grant of this.waitingReaders.splice(0)) grant();
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

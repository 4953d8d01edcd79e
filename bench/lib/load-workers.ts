import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { OpName } from './aws-ops';
import { stop, track } from './procs';

const WORKER = path.resolve(__dirname, '../load-worker.js');

/** Child processes that make AWS calls for the bench (bench/load-worker.ts). */
export interface LoadWorkers {
  /** Every worker runs `op` on its share of the queue URLs for `seconds`; resolves with the operations done in all. */
  run(op: OpName, endpoint: string, queueUrls: readonly string[], seconds: number): Promise<number>;
  stop(): Promise<void>;
}

function ask(child: ChildProcess, job: object): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: { done?: number; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.done ?? 0)));
    child.send(job);
  });
}

/** Forks `count` workers and waits until each is ready. */
export async function startLoadWorkers(count: number): Promise<LoadWorkers> {
  const children = Array.from({ length: count }, () => track(fork(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })));
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  return {
    async run(op, endpoint, queueUrls, seconds) {
      const shares = children.map((_, i) => queueUrls.filter((__, j) => j % count === i));
      const done = await Promise.all(children.map((c, i) => ask(c, { op, endpoint, queueUrls: shares[i], seconds })));
      return done.reduce((a, b) => a + b, 0);
    },
    async stop() {
      for (const c of children) c.disconnect();
      await Promise.all(children.map((c) => stop(c)));
    },
  };
}

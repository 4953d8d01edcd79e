import { parseArn, parseQueueUrl, queueArn } from '../../lib/arn';
import { firstDifference, initialAttributes } from './attributes';
import { errors } from './errors';
import { Queue } from './queue';
import { Scheduler } from './scheduler';
import { validateQueueName } from './validate';

/** How long a deleted queue's name stays reserved (DeleteQueue reference: 60 seconds). */
const DELETED_RECENTLY_MS = 60_000;

/** The queues of one account and region, and what they share: the scheduler and the FIFO sequence. */
export class SqsStore {
  readonly queues = new Map<string, Queue>();
  readonly deletedAt = new Map<string, number>();
  readonly scheduler: Scheduler;
  /** The last FIFO sequence number handed out. */
  sequence: bigint;

  constructor(
    readonly region: string,
    readonly accountId: string,
    readonly now: () => number,
    private readonly changed: () => void,
  ) {
    this.scheduler = new Scheduler(now);
    // 20 digits that keep increasing across restarts: 10^19 plus microseconds since the epoch.
    this.sequence = 10n ** 19n + BigInt(now()) * 1000n;
  }

  arnOf(name: string): string {
    return queueArn(this.region, this.accountId, name);
  }

  /** CreateQueue: idempotent for the same attributes, QueueNameExists for different ones. */
  create(name: string, given: Record<string, string>, tags: Record<string, string>): Queue {
    const fifo = given.FifoQueue?.toLowerCase() === 'true';
    validateQueueName(name, fifo);
    const existing = this.queues.get(name);
    if (existing) {
      const differing = firstDifference(existing.attributes, existing.fifo, given);
      if (differing) throw errors.queueNameExists(differing);
      return existing;
    }
    const deletedAt = this.deletedAt.get(name);
    if (deletedAt !== undefined && this.now() - deletedAt < DELETED_RECENTLY_MS) throw errors.queueDeletedRecently();
    const attributes = initialAttributes(fifo, given);
    this.checkRedrive(this.arnOf(name), fifo, attributes.RedrivePolicy);
    const now = this.now();
    const queue = this.build(name, fifo, attributes, now, now);
    queue.tags = { ...tags };
    this.queues.set(name, queue);
    this.changed();
    return queue;
  }

  /** A queue object around stored attributes (new or restored). */
  build(name: string, fifo: boolean, attributes: Record<string, string>, createdAt: number, lastModifiedAt: number): Queue {
    return new Queue(name, this.arnOf(name), fifo, attributes, createdAt, lastModifiedAt, {
      scheduler: this.scheduler,
      now: this.now,
      byArn: (arn) => this.byArn(arn),
      nextSequence: () => String(++this.sequence),
      changed: this.changed,
    });
  }

  /** The queue a QueueUrl names (by its path; any host); InvalidAddress or QueueDoesNotExist otherwise. */
  byUrl(url: string): Queue {
    const parts = parseQueueUrl(url);
    if (!parts) throw errors.invalidAddress(url);
    const queue = parts.accountId === this.accountId ? this.queues.get(parts.name) : undefined;
    if (!queue) throw errors.queueDoesNotExist();
    return queue;
  }

  byName(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw errors.queueDoesNotExist();
    return queue;
  }

  byArn(arn: string): Queue | undefined {
    const parts = parseArn(arn);
    if (!parts || parts.service !== 'sqs' || parts.accountId !== this.accountId || parts.region !== this.region) return undefined;
    return this.queues.get(parts.resource);
  }

  delete(queue: Queue): void {
    queue.shutdown();
    this.queues.delete(queue.name);
    this.deletedAt.set(queue.name, this.now());
    this.changed();
  }

  /**
   * Checks a RedrivePolicy's dead-letter queue as AWS does when the policy is set: it exists, is
   * of the source's type (FIFO or standard), and its RedriveAllowPolicy lets this source use it.
   */
  checkRedrive(sourceArn: string, fifo: boolean, policy: string | undefined): void {
    let targetArn: unknown;
    try {
      targetArn = policy ? (JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn : undefined;
    } catch {
      return; // not JSON: the attribute check reports it
    }
    if (typeof targetArn !== 'string' || !policy) return;
    const invalid = (reason: string) => errors.invalidValue('RedrivePolicy', policy, reason);
    const target = this.byArn(targetArn);
    if (!target) throw invalid('Dead-letter target does not exist.');
    if (target.fifo !== fifo) throw invalid('Dead-letter queue must be same type of queue as the source.');
    const allow = target.attributes.RedriveAllowPolicy ? (JSON.parse(target.attributes.RedriveAllowPolicy) as { redrivePermission: string; sourceQueueArns?: string[] }) : undefined;
    if (allow?.redrivePermission === 'denyAll' || (allow?.redrivePermission === 'byQueue' && !allow.sourceQueueArns?.includes(sourceArn))) {
      throw invalid(`Queue ${targetArn} does not allow ${sourceArn} to use it as a dead-letter queue.`);
    }
  }

  /** Queues whose RedrivePolicy names `target` as their dead-letter queue. */
  deadLetterSources(target: Queue): Queue[] {
    return [...this.queues.values()].filter((q) => q.redrivePolicy?.deadLetterTargetArn === target.arn);
  }

  close(): void {
    for (const queue of this.queues.values()) queue.shutdown();
    this.scheduler.close();
  }
}

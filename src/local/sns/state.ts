import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The protocols this local SNS delivers to. */
export const PROTOCOLS = ['sqs', 'lambda', 'http', 'https', 'email', 'email-json'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface Topic {
  arn: string;
  name: string;
  fifo: boolean;
  /** Attributes set by CreateTopic or SetTopicAttributes (DisplayName, Policy, DeliveryPolicy, ...). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Subscriptions removed from the topic so far (SubscriptionsDeleted). */
  deleted: number;
  /** Last FIFO sequence number handed out, as decimal text. */
  sequence: string;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: Protocol;
  endpoint: string;
  /** Attributes set by Subscribe or SetSubscriptionAttributes (FilterPolicy, RawMessageDelivery, ...). */
  attributes: Record<string, string>;
  pending: boolean;
  /** The confirmation token (email and HTTP(S)); kept after confirmation, as AWS accepts it again. */
  token?: string;
  /** Whether the confirmation came through the signed API rather than an anonymous link. */
  authenticated: boolean;
}

interface Snapshot {
  version: 1;
  topics: Topic[];
  subscriptions: Subscription[];
}

/** How long after a change the state is written, so bursts of calls cost one write. */
const FLUSH_DELAY_MS = 50;

/**
 * Topics and subscriptions in insertion order. With a directory they are written to
 * `state.json` (temp file, then rename, so a crash never leaves half a file) shortly after
 * each change and on close.
 */
export class SnsState {
  readonly topics = new Map<string, Topic>();
  readonly subscriptions = new Map<string, Subscription>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly dir?: string) {
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const snapshot = readSnapshot(path.join(dir, 'state.json'));
    for (const topic of snapshot?.topics ?? []) this.topics.set(topic.arn, topic);
    for (const sub of snapshot?.subscriptions ?? []) this.subscriptions.set(sub.arn, sub);
  }

  /** The subscriptions of one topic, oldest first. */
  subscriptionsOf(topicArn: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.topicArn === topicArn);
  }

  /** Marks the state changed; it is written soon after. */
  changed(): void {
    if (!this.dir || this.timer) return;
    this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
    this.timer.unref();
  }

  /** Writes the state now when there is a directory. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dir) return;
    const snapshot: Snapshot = { version: 1, topics: [...this.topics.values()], subscriptions: [...this.subscriptions.values()] };
    const file = path.join(this.dir, 'state.json');
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(snapshot));
    renameSync(temp, file);
  }
}

function readSnapshot(file: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const snapshot = JSON.parse(text) as Snapshot;
  if (snapshot.version !== 1) throw new Error(`${file}: unknown state version ${String(snapshot.version)}`);
  return snapshot;
}

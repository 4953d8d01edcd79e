import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import type { LocalMessageAttribute } from '../service';
import { State, StoredMessage } from './message';
import type { MoveTask, MoveTasks } from './move-tasks';
import type { Queue } from './queue';
import type { SqsStore } from './store';

const VERSION = 1;
/** Lines handed to one write call. */
const LINES_PER_WRITE = 2000;

type AttributeRecord = [name: string, type: string, value: string, binary: 0 | 1];
/** A message on disk, as a JSON array (compact for many small messages). */
type MessageRecord = [
  id: string,
  body: string,
  sentAt: number,
  senderId: string,
  state: State,
  receiveCount: number,
  firstReceivedAt: number,
  receivedAt: number,
  dueAt: number,
  groupId: string | null,
  dedupId: string | null,
  sequence: string | null,
  traceHeader: string | null,
  deadLetterSourceArn: string | null,
  md5System: string | null,
  attributes: AttributeRecord[] | null,
];

interface QueueRecord {
  name: string;
  fifo: boolean;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  lastModifiedAt: number;
  purgedAt: number;
  dedup: Array<[string, { at: number; messageId: string; sequence: string }]>;
}

/**
 * Keeps the local SQS on disk in `${dataDir}/sqs/state.ndjson`: a snapshot taken in one go (so it
 * is consistent), written in the background a while after changes (the delay grows with the time
 * a snapshot takes, so big queues are not rewritten constantly) and on close, through a temporary
 * file and a rename so a crash never leaves half a file.
 */
export class Persistence {
  private readonly file: string;
  private dirty = false;
  private loading = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private snapshotMs = 0;

  constructor(
    dataDir: string,
    private readonly store: SqsStore,
    private readonly moveTasks: MoveTasks,
  ) {
    const dir = path.join(dataDir, 'sqs');
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'state.ndjson');
  }

  /** Restores the last snapshot, if any. */
  load(): void {
    if (!existsSync(this.file)) return;
    this.loading = true;
    try {
      let queue: Queue | undefined;
      for (const line of readLines(this.file)) queue = this.restoreLine(JSON.parse(line) as { t: string }, queue);
    } finally {
      this.loading = false;
    }
  }

  markDirty(): void {
    if (this.loading || this.closed) return;
    this.dirty = true;
    if (!this.timer && !this.writing) this.timer = setTimeout(() => void this.flush(), Math.max(1000, this.snapshotMs * 20)).unref();
  }

  /** Writes a snapshot now (waiting for one in progress first). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    const started = Date.now();
    const lines = this.snapshot();
    this.snapshotMs = Date.now() - started;
    this.writing = this.write(lines).finally(() => {
      this.writing = undefined;
      if (this.dirty && !this.closed) this.markDirty();
    });
    await this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private snapshot(): string[] {
    const lines = [JSON.stringify({ t: 'meta', v: VERSION, sequence: String(this.store.sequence), deleted: [...this.store.deletedAt] })];
    for (const queue of this.store.queues.values()) {
      const record: QueueRecord = {
        name: queue.name,
        fifo: queue.fifo,
        attributes: queue.attributes,
        tags: queue.tags,
        createdAt: queue.createdAt,
        lastModifiedAt: queue.lastModifiedAt,
        purgedAt: queue.purgedAt,
        dedup: queue.dedup.entries(),
      };
      lines.push(JSON.stringify({ t: 'queue', ...record }));
      for (const message of queue.messages.values()) lines.push(JSON.stringify({ t: 'm', r: messageRecord(message, this.store.scheduler.dueAt(message) ?? 0) }));
    }
    for (const task of this.moveTasks.tasks) lines.push(JSON.stringify({ t: 'task', ...task }));
    return lines;
  }

  private async write(lines: string[]): Promise<void> {
    const temp = `${this.file}.tmp`;
    const handle = await open(temp, 'w');
    try {
      for (let i = 0; i < lines.length; i += LINES_PER_WRITE) await handle.write(`${lines.slice(i, i + LINES_PER_WRITE).join('\n')}\n`);
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
  }

  private restoreLine(line: { t: string } & Record<string, unknown>, current: Queue | undefined): Queue | undefined {
    switch (line.t) {
      case 'meta': {
        const sequence = BigInt(line.sequence as string);
        if (sequence > this.store.sequence) this.store.sequence = sequence;
        for (const [name, at] of line.deleted as Array<[string, number]>) this.store.deletedAt.set(name, at);
        return current;
      }
      case 'queue':
        return this.restoreQueue(line as unknown as QueueRecord);
      case 'm':
        if (current) restoreMessage(current, line.r as MessageRecord);
        return current;
      case 'task': {
        const { t, ...task } = line;
        void t;
        this.moveTasks.tasks.push(task as unknown as MoveTask);
        if ((task as unknown as MoveTask).status === 'RUNNING') this.moveTasks.resume(task as unknown as MoveTask);
        return current;
      }
      default:
        return current;
    }
  }

  private restoreQueue(record: QueueRecord): Queue {
    const queue = this.store.build(record.name, record.fifo, record.attributes, record.createdAt, record.lastModifiedAt);
    queue.tags = record.tags;
    queue.purgedAt = record.purgedAt;
    for (const [key, seen] of record.dedup) queue.dedup.remember(key, seen.messageId, seen.sequence, seen.at);
    this.store.queues.set(queue.name, queue);
    return queue;
  }
}

/** The non-empty lines of a file, read in 1 MiB chunks so a large snapshot is never held whole. */
function* readLines(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let rest = Buffer.alloc(0);
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      let data = Buffer.concat([rest, chunk.subarray(0, read)]);
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
        if (nl > 0) yield data.toString('utf8', 0, nl);
        data = data.subarray(nl + 1);
      }
      rest = Buffer.from(data);
    }
    if (rest.length > 0) yield rest.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function messageRecord(m: StoredMessage, dueAt: number): MessageRecord {
  const attributes = m.attributes
    ? Object.entries(m.attributes).map(([name, a]): AttributeRecord =>
        a.BinaryValue !== undefined ? [name, a.DataType, a.BinaryValue.toString('base64'), 1] : [name, a.DataType, a.StringValue ?? '', 0],
      )
    : null;
  return [
    m.id, m.body, m.sentAt, m.senderId, m.state, m.receiveCount, m.firstReceivedAt ?? 0, m.receivedAt ?? 0, dueAt,
    m.groupId ?? null, m.dedupId ?? null, m.sequence ?? null, m.traceHeader ?? null, m.deadLetterSourceArn ?? null, m.md5System ?? null, attributes,
  ];
}

function restoreMessage(queue: Queue, r: MessageRecord): void {
  const [id, body, sentAt, senderId, state, receiveCount, firstReceivedAt, receivedAt, dueAt] = r;
  const attributes = r[15]
    ? Object.fromEntries(
        r[15].map(([name, type, value, binary]): [string, LocalMessageAttribute] => [name, binary ? { DataType: type, BinaryValue: Buffer.from(value, 'base64') } : { DataType: type, StringValue: value }]),
      )
    : undefined;
  const orUndefined = (v: string | null) => v ?? undefined;
  const message = new StoredMessage(queue, {
    id, body, sentAt, senderId, attributes,
    groupId: orUndefined(r[9]), dedupId: orUndefined(r[10]), sequence: orUndefined(r[11]), traceHeader: orUndefined(r[12]),
    deadLetterSourceArn: orUndefined(r[13]), md5System: orUndefined(r[14]),
  });
  message.receiveCount = receiveCount;
  message.firstReceivedAt = firstReceivedAt || undefined;
  message.receivedAt = receivedAt || undefined;
  queue.restore(message, state, dueAt);
}

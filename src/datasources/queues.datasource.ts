import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { validateSync } from 'class-validator';
import DataLoader from 'dataloader';
import { NotFoundError, ValidationError, describeFields, fieldsOf } from '../errors';
import { parseQueueUrl } from '../lib/arn';
import type { CursorCodec } from '../lib/cursor';
import { toMessage } from '../lib/sqs-message';
import { createQueueAttributes, createQueueName, createQueueProblems, isFifoName, parseQueueAttributes, queueRefFrom, type QueueRef } from '../lib/sqs-queue';
import { prepareMessage } from '../lib/sqs-send';
import type { BatchMessageInput, CreateQueueInput, SendMessageInput } from '../types/queue.input';
import type { Message, Queue, QueueAttributes, QueuePage, RedriveResult, SendMessageResult, BatchSendResult } from '../types/queue.type';
import { decodeNextToken } from './next-token';
import { sendInBatches, type IndexedEntry } from './queue-batch';
import type { QueueUrlCache } from './queue-urls';
import { sqsError, sqsErrorName, type SqsCallContext } from './sqs-errors';

export interface QueuesDataSourceDeps {
  sqs: SQSClient;
  cursors: CursorCodec;
  /** Shared by the requests of the process. */
  urls: QueueUrlCache;
  /** The region of the client: a queue ARN or URL of another is refused. */
  region: string;
  /** Aborted at shutdown: a long poll then answers with no messages at once. */
  stopping?: AbortSignal;
}

/** What GetQueueAttributes(All) says about a queue. */
export interface QueueDetails {
  arn: string;
  fifo: boolean;
  attributes: QueueAttributes;
}

export interface ReceiveOptions {
  maxMessages?: number | null;
  waitTimeSeconds?: number | null;
  visibilityTimeout?: number | null;
  /** Ends a long poll early (a subscriber that went away). */
  abortSignal?: AbortSignal;
}

/** SQS queues and their messages. One instance per request (its DataLoader caches attributes for that request). */
export class QueuesDataSource {
  private readonly details = new DataLoader<string, QueueDetails>((urls) => Promise.all(urls.map((url) => this.fetchDetails(url).catch((err: Error) => err))));

  constructor(private readonly deps: QueuesDataSourceDeps) {}

  /** One page of queues, optionally only those whose name starts with `prefix`. */
  async list({ prefix, limit, nextToken }: { prefix?: string | null; limit?: number | null; nextToken?: string | null }): Promise<QueuePage> {
    const scope = `queues:${prefix ?? ''}`;
    const NextToken = nextToken ? decodeNextToken<string>(this.deps.cursors, scope, nextToken) : undefined;
    const out = await this.call({ what: 'queues', field: 'nextToken' }, () =>
      this.deps.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix || undefined, MaxResults: limit ?? 100, NextToken })),
    );
    const items = (out.QueueUrls ?? []).map((url) => queueAt(url));
    for (const q of items) this.deps.urls.set(q.name, q.url);
    return { items, nextToken: out.NextToken ? this.deps.cursors.encode(scope, out.NextToken) : null };
  }

  /** The queue named by name, URL or ARN, or null when there is none. */
  async get(ref: string): Promise<Queue | null> {
    const queue = this.refOf(ref, 'name');
    const { name } = queue;
    try {
      const url = await this.urlOf(queue);
      await this.details.load(url);
      return queueAt(url, name);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  /** ARN, type and live attributes of a queue, fetched once per request. */
  detailsOf(queue: Pick<Queue, 'url'>): Promise<QueueDetails> {
    return this.details.load(queue.url);
  }

  /** Creates a queue (idempotent for the same attributes; CONFLICT for different ones). */
  async create(input: CreateQueueInput): Promise<Queue> {
    const name = createQueueName(input);
    const problems = createQueueProblems(input);
    if (problems.length) throw new ValidationError(problems);
    const deadLetterArn = input.deadLetter ? await this.deadLetterArn(input.deadLetter.queue, Boolean(input.fifo)) : undefined;
    const out = await this.call({ what: 'createQueue', queue: name, field: 'name' }, () =>
      this.deps.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: createQueueAttributes(input, deadLetterArn) })),
    );
    const url = out.QueueUrl ?? '';
    this.deps.urls.set(name, url);
    await this.details.load(url);
    return queueAt(url, name);
  }

  async remove(ref: string): Promise<boolean> {
    const { name, url } = await this.resolve(ref, 'name');
    await this.call({ what: 'deleteQueue', queue: name }, () => this.deps.sqs.send(new DeleteQueueCommand({ QueueUrl: url })));
    this.deps.urls.delete(name);
    return true;
  }

  async purge(ref: string): Promise<boolean> {
    const { name, url } = await this.resolve(ref, 'name');
    await this.call({ what: 'purgeQueue', queue: name }, () => this.deps.sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    return true;
  }

  /** Sends one message; every rule is checked before any AWS call. */
  async send(input: SendMessageInput): Promise<SendMessageResult> {
    const { name } = this.refOf(input.queue, 'queue');
    const { entry, errors } = prepareMessage(input, isFifoName(name), name);
    if (errors.length) throw new ValidationError(errors);
    const { url } = await this.resolve(input.queue, 'queue');
    const out = await this.call({ what: 'sendMessage', queue: name }, () => this.deps.sqs.send(new SendMessageCommand({ QueueUrl: url, ...entry })));
    return { messageId: out.MessageId ?? '', sequenceNumber: out.SequenceNumber ?? null, md5OfBody: out.MD5OfMessageBody ?? '' };
  }

  /**
   * Sends any number of messages in batches of 10. An entry that breaks a rule is reported in
   * `failed` under its index and the others are still sent; `sent` lists the sent ones in input order.
   */
  async sendBatch(ref: string, entries: readonly BatchMessageInput[]): Promise<BatchSendResult> {
    const { name } = this.refOf(ref, 'queue');
    const valid: IndexedEntry[] = [];
    const failed: BatchSendResult['failed'] = [];
    entries.forEach((input, index) => {
      const prepared = prepareMessage(input, isFifoName(name), name);
      const errors = [...fieldsOf(validateSync(input, { forbidUnknownValues: false })), ...prepared.errors];
      if (errors.length) failed.push({ index, id: null, code: 'BAD_USER_INPUT', message: describeFields(errors, '') });
      else valid.push({ index, entry: prepared.entry, size: prepared.size });
    });
    if (valid.length === 0) return { sent: [], failed };
    const { url } = await this.resolve(ref, 'queue');
    const outcome = await sendInBatches(this.deps.sqs, url, name, valid);
    const allFailed = [...failed, ...outcome.failed].sort((a, b) => a.index - b.index);
    return { sent: outcome.sent.map((s) => s.result), failed: allFailed };
  }

  /** Receives up to maxMessages, with every message and system attribute. */
  async receive(ref: string, { maxMessages, waitTimeSeconds, visibilityTimeout, abortSignal }: ReceiveOptions = {}): Promise<Message[]> {
    const { name, url } = await this.resolve(ref, 'queue');
    const stopping = this.deps.stopping;
    if (stopping?.aborted) return [];
    const signal = stopping && abortSignal ? AbortSignal.any([stopping, abortSignal]) : (abortSignal ?? stopping);
    const poll = this.call({ what: 'receiveMessages', queue: name }, () =>
      this.deps.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: maxMessages ?? 1,
          WaitTimeSeconds: waitTimeSeconds ?? 0,
          ...(visibilityTimeout != null ? { VisibilityTimeout: visibilityTimeout } : {}),
          // Real SQS returns only what is asked for; without these, attributes, receive counts,
          // send times, groups and sequence numbers would silently be missing.
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          // The deprecated name as well, for emulators that predate MessageSystemAttributeNames.
          AttributeNames: ['All'],
        }),
        { abortSignal: signal },
      ),
    );
    let out: Awaited<typeof poll>;
    try {
      out = await poll;
    } catch (err) {
      // Shutting down: the poll ends with no messages (any SQS had already handed over stay in flight and come back after their visibility timeout).
      if (stopping?.aborted) return [];
      throw err;
    }
    return (out.Messages ?? []).map((m) => toMessage(m, name));
  }

  async deleteMessage(ref: string, receiptHandle: string): Promise<boolean> {
    const { name, url } = await this.resolve(ref, 'queue');
    await this.call({ what: 'deleteMessage', queue: name, field: 'receiptHandle' }, () => this.deps.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: receiptHandle })));
    return true;
  }

  async changeVisibility(ref: string, receiptHandle: string, visibilityTimeout: number): Promise<boolean> {
    const { name, url } = await this.resolve(ref, 'queue');
    await this.call({ what: 'changeMessageVisibility', queue: name, field: 'receiptHandle' }, () =>
      this.deps.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: receiptHandle, VisibilityTimeout: visibilityTimeout })),
    );
    return true;
  }

  /** Starts moving a dead-letter queue's messages back to the queues they came from. */
  async redrive(ref: string): Promise<RedriveResult> {
    const { name, url } = await this.resolve(ref, 'deadLetterQueue');
    const ctx: SqsCallContext = { what: 'redriveMessages', queue: name, field: 'deadLetterQueue' };
    const sources = await this.call(ctx, () => this.deps.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: url, MaxResults: 1 })));
    if (!sources.queueUrls?.length) {
      throw ValidationError.of('deadLetterQueue', `queue ${name} is not the dead-letter queue of any queue; SQS redrives only from dead-letter queues`);
    }
    const { arn } = await this.details.load(url);
    const out = await this.call(ctx, () => this.deps.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn })));
    return { taskHandle: out.TaskHandle ?? '' };
  }

  /** Name and URL of the queue a reference (name, URL or ARN) stands for; NOT_FOUND when there is none. */
  async resolve(ref: string, field = 'queue'): Promise<{ name: string; url: string }> {
    const queue = this.refOf(ref, field);
    return { name: queue.name, url: await this.urlOf(queue) };
  }

  private refOf(ref: string, field: string): QueueRef {
    return queueRefFrom(ref, field, this.deps.region);
  }

  /**
   * The URL of a queue, from SQS (never the client's own URL, whose host could be anyone's). A
   * reference that names an account is looked up in that account, and not cached: the cache is
   * by name, for the caller's own queues.
   */
  private async urlOf({ name, accountId }: QueueRef): Promise<string> {
    const cached = accountId ? undefined : this.deps.urls.get(name);
    if (cached) return cached;
    const out = await this.call({ what: 'GetQueueUrl', queue: name }, () => this.deps.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: accountId })));
    const url = out.QueueUrl ?? '';
    if (!accountId) this.deps.urls.set(name, url);
    return url;
  }

  private async deadLetterArn(ref: string, fifo: boolean): Promise<string> {
    const queue = this.refOf(ref, 'deadLetter.queue');
    const { name } = queue;
    let details: QueueDetails;
    try {
      details = await this.details.load(await this.urlOf(queue));
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError(`Dead-letter queue ${name} does not exist`, { cause: err });
      throw err;
    }
    if (details.fifo !== fifo) {
      throw ValidationError.of('deadLetter.queue', `a ${fifo ? 'FIFO' : 'standard'} queue needs a ${fifo ? 'FIFO' : 'standard'} dead-letter queue; ${name} is ${details.fifo ? 'FIFO' : 'standard'}`);
    }
    return details.arn;
  }

  private async fetchDetails(url: string): Promise<QueueDetails> {
    const name = queueAt(url).name;
    const out = await this.call({ what: 'GetQueueAttributes', queue: name }, () => this.deps.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })));
    return parseQueueAttributes(out.Attributes ?? {});
  }

  /** Runs one SQS call; a queue found gone leaves the URL cache, and every error is mapped in one place. */
  private async call<T>(ctx: SqsCallContext, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (ctx.queue && sqsErrorName(err) === 'QueueDoesNotExist') this.deps.urls.delete(ctx.queue);
      throw sqsError(err, ctx);
    }
  }
}

/** The Queue a URL stands for. */
function queueAt(url: string, name = parseQueueUrl(url)?.name ?? url.split('/').pop() ?? url): Queue {
  return { name, url, fifo: isFifoName(name) };
}

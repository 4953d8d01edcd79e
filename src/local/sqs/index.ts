import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArn } from '../../lib/arn';
import { readBody, requestId, sendJson } from '../http';
import type { LocalContext, LocalMessageAttribute, LocalService, SqsDelivery } from '../service';
import { errors, SqsError } from './errors';
import { MoveTasks } from './move-tasks';
import { messageOperations, sendOne } from './ops-messages';
import { moveOperations } from './ops-move';
import { queueOperations } from './ops-queues';
import { Persistence } from './persistence';
import { handleQuery } from './query';
import type { Queue } from './queue';
import { checkInput } from './shapes';
import { SqsStore } from './store';
import type { OpContext, Operation, Output } from './types';

/** Largest request body read (a 1 MiB batch grows when JSON- or form-escaped). */
const BODY_LIMIT = 8 * 1024 * 1024;

const OPERATIONS: Record<string, Operation> = { ...queueOperations, ...messageOperations, ...moveOperations };

/**
 * The local SQS: the JSON protocol (X-Amz-Target: AmazonSQS.*) that current SDKs and the AWS
 * CLI speak, the older query protocol (Action=..., XML answers), and in-process delivery for
 * the local SNS. State lives in memory and, with a data directory, in `${dataDir}/sqs`.
 */
export class SqsService implements LocalService, SqsDelivery {
  readonly name = 'sqs';
  private readonly store: SqsStore;
  private readonly moveTasks: MoveTasks;
  private readonly persistence: Persistence | undefined;

  constructor(private readonly ctx: LocalContext) {
    this.store = new SqsStore(ctx.region, ctx.accountId, Date.now, () => this.persistence?.markDirty());
    this.moveTasks = new MoveTasks(this.store, () => this.persistence?.markDirty());
    this.persistence = ctx.dataDir ? new Persistence(ctx.dataDir, this.store, this.moveTasks) : undefined;
    this.persistence?.load();
  }

  async handle(req: IncomingMessage, res: ServerResponse, body?: Buffer): Promise<void> {
    const raw = body ?? (await readBody(req, BODY_LIMIT));
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') return this.handleJson(req, res, raw, target);
    return handleQuery(raw, req, res, (operation, input, signal) => this.run(operation, input, req, signal));
  }

  /** Runs one operation on checked input. */
  run(operation: string, input: Record<string, unknown>, req: IncomingMessage, signal: AbortSignal): Output | Promise<Output> {
    const op = OPERATIONS[operation];
    if (!op) throw errors.unknownOperation(`The action ${operation} is not valid for this endpoint.`);
    return op(checkInput(operation, input), this.contextOf(req, signal));
  }

  /** SNS delivery: SendMessage by queue ARN, in-process. */
  deliver(queueArn: string, message: { body: string; attributes?: Record<string, LocalMessageAttribute>; groupId?: string; deduplicationId?: string }): { messageId: string } {
    const queue = this.store.byArn(queueArn);
    if (!queue) throw errors.queueDoesNotExist();
    const sent = sendOne(
      queue,
      { MessageBody: message.body, MessageAttributes: message.attributes, MessageGroupId: message.groupId, MessageDeduplicationId: message.deduplicationId },
      { senderId: parseArn(queueArn)?.accountId ?? this.ctx.accountId },
      false,
    );
    return { messageId: sent.MessageId as string };
  }

  async close(): Promise<void> {
    this.moveTasks.close();
    // The last snapshot is taken while the deadlines are still scheduled, then the timers stop.
    await this.persistence?.close();
    this.store.close();
  }

  private async handleJson(req: IncomingMessage, res: ServerResponse, raw: Buffer, target: string): Promise<void> {
    const signal = abortOnClose(res);
    try {
      const operation = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
      if (!OPERATIONS[operation]) throw errors.unknownOperation(`Unknown operation ${target}`);
      const output = await this.run(operation, parseJson(raw), req, signal);
      if (!res.destroyed) sendJson(res, 200, output ?? {});
    } catch (err) {
      if (!res.destroyed) sendJsonError(res, err instanceof SqsError ? err : errors.internal());
    }
  }

  private contextOf(req: IncomingMessage, signal: AbortSignal): OpContext {
    const trace = req.headers['x-amzn-trace-id'];
    return {
      store: this.store,
      moveTasks: this.moveTasks,
      urlOf: (queue: Queue) => `${this.ctx.endpoint()}/${this.store.accountId}/${queue.name}`,
      senderId: this.store.accountId,
      traceHeader: typeof trace === 'string' ? trace : undefined,
      signal,
    };
  }
}

function parseJson(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw errors.serialization('The request body is not valid JSON.');
  }
}

/** An AbortSignal that fires when the client closes the connection before the answer. */
function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const abort = () => {
    if (!res.writableFinished) controller.abort();
  };
  // The HTTP server keeps half-open sockets, so a client that hangs up mid long poll shows first
  // as the end of its socket; waiting for 'close' would hand it messages it will never read.
  // The listener leaves with the response: keep-alive sockets carry many requests.
  const socket = res.socket;
  socket?.once('end', abort);
  res.once('close', () => {
    socket?.off('end', abort);
    abort();
  });
  return controller.signal;
}

/** The JSON error body, plus the query-compatible code header that the SDKs read. */
export function sendJsonError(res: ServerResponse, err: SqsError): void {
  sendJson(
    res,
    err.status,
    { __type: err.type, message: err.message },
    { 'x-amzn-query-error': `${err.code};${err.senderFault ? 'Sender' : 'Receiver'}`, 'x-amzn-RequestId': requestId() },
  );
}

import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import { ConfigError } from '../../config';
import { readBody, sendJson } from '../http';
import type { LocalContext, LocalService } from '../service';
import { ReadWriteLock } from './lock';
import { bufferedRequest, jsonDeeperThan, MAX_JSON_DEPTH, NESTING_ERROR } from './request';
import { isReplyError, startDynalite, type Store } from './store';
import { Transactions, type Reply } from './transactions';

/** dynalite's own request size limit. */
const BODY_LIMIT = 16 * 1024 * 1024;

/**
 * DynamoDB served by dynalite in this process: requests are handed to dynalite's own request
 * handler without a second port. Table state changes take no time, as a test backend should.
 * TransactWriteItems and TransactGetItems, which dynalite lacks, are answered here on
 * dynalite's store. Every other request holds a shared lock while dynalite answers it and a
 * write transaction holds the exclusive one, so nothing interleaves with a transaction.
 */
export class DynamoDbService implements LocalService {
  readonly name = 'dynamodb';
  private readonly server: Server;
  private readonly transactions: Transactions;
  private readonly store: Store;
  private readonly lock = new ReadWriteLock();
  private readonly dataDir: string | undefined;

  constructor(ctx: LocalContext) {
    this.dataDir = ctx.dataDir;
    const dir = ctx.dataDir ? path.join(ctx.dataDir, 'dynamodb') : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    const { server, store } = startDynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    this.server = server;
    this.store = store;
    this.transactions = new Transactions(store);
  }

  /**
   * Resolves once the store is open. LevelDB locks its directory: a data directory another
   * running server holds is a ConfigError naming DATA_DIR (dynalite would only fail later, on a
   * request, with "Database is closed" thrown where nothing catches it).
   */
  async ready(): Promise<void> {
    try {
      await this.store.db.open();
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') {
        throw new ConfigError(`DATA_DIR=${this.dataDir} is in use by another running server (its DynamoDB store is locked); stop that one, or choose another data directory`);
      }
      throw err;
    }
  }

  /**
   * The body is read before anything is locked, so a client that sends it slowly holds nothing up,
   * and dynalite gets a request that can't fail under it (see bufferedRequest).
   */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1];
    const body = req.method === 'POST' ? await readBody(req, BODY_LIMIT) : Buffer.alloc(0);
    if (jsonDeeperThan(body, MAX_JSON_DEPTH)) {
      sendJson(res, 400, NESTING_ERROR);
      return;
    }
    if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
      const reply = await this.transact(operation, body);
      sendJson(res, reply.status, reply.body);
      return;
    }
    const release = await this.lock.shared();
    res.once('close', release);
    const { request, replay } = bufferedRequest(req);
    this.server.emit('request', request, res);
    try {
      replay(body);
    } catch (err) {
      if (res.headersSent) throw err;
      sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'The local DynamoDB failed to process the request' });
    }
  }

  private async transact(operation: 'TransactWriteItems' | 'TransactGetItems', raw: Buffer): Promise<Reply> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } };
    }
    try {
      if (operation === 'TransactGetItems') return await this.locked('shared', () => this.transactions.get(body));
      const ops = this.transactions.parseWrite(body);
      return await this.locked('exclusive', () => this.transactions.write(body, ops));
    } catch (err) {
      if (isReplyError(err)) return { status: err.statusCode, body: err.body };
      throw err;
    }
  }

  private async locked<T>(mode: 'shared' | 'exclusive', fn: () => Promise<T>): Promise<T> {
    const release = await this.lock[mode]();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Closes the store (flushing it when on disk). dynalite's own server.close() would not: its
   * server never listens here, so close() fails at once and dynalite skips closing the store,
   * leaving LevelDB's lock held and the data directory unusable until the process exits.
   */
  close(): Promise<void> {
    const manager = this.store.lifecycleManager;
    return new Promise((resolve) => {
      if (manager) manager.gracefulClose(() => resolve());
      else this.store.db.close(() => resolve());
    });
  }
}

import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import dynalite from 'dynalite';
import type { LocalContext, LocalService } from '../service';

/**
 * DynamoDB served by dynalite in this process: requests are handed to dynalite's own request
 * handler without a second port. Table state changes take no time, as a test backend should.
 */
export class DynamoDbService implements LocalService {
  readonly name = 'dynamodb';
  private readonly server: Server;

  constructor(ctx: LocalContext) {
    const dir = ctx.dataDir ? path.join(ctx.dataDir, 'dynamodb') : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    this.server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.server.emit('request', req, res);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      // dynalite's close also closes its store (and flushes it when on disk).
      this.server.close(() => resolve());
    });
  }
}

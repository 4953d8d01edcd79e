import type { IncomingMessage, ServerResponse } from 'node:http';

/** Which emulated service a request is for. */
export type ServiceName = 'dynamodb' | 'sqs' | 'sns' | 'lambda';

/** One emulated AWS service behind the local dispatcher. */
export interface LocalService {
  readonly name: ServiceName;
  /**
   * Answers one request. `body` is given when the dispatcher had to read it to route the
   * request (form-encoded query-protocol calls); otherwise the service reads `req` itself.
   */
  handle(req: IncomingMessage, res: ServerResponse, body?: Buffer): void | Promise<void>;
  /** Stops timers and background work and flushes state to disk. */
  close(): Promise<void>;
}

/** What every local service is given at start. */
export interface LocalContext {
  region: string;
  /** The 12-digit account id used in ARNs. */
  accountId: string;
  /** Base URL of the local AWS, e.g. http://127.0.0.1:4566 (queue URLs and links are built on it). */
  endpoint(): string;
  /** Folder for this service's state, or undefined for memory only. */
  dataDir?: string;
}

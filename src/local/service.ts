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
  /** The operation a request asks for, when neither X-Amz-Target nor Action names it (REST services: Lambda), for request counts. */
  operationOf?(req: IncomingMessage): string | undefined;
  /** Stops timers and background work and flushes state to disk. */
  close(): Promise<void>;
}

/** A message attribute as SQS stores it (SNS passes its attributes on in this shape). */
export interface LocalMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

/** What local SNS asks of local SQS to deliver a message; in-process, no HTTP. */
export interface SqsDelivery {
  /**
   * Enqueues a message as SendMessage would. Throws when the queue does not exist
   * (SNS then counts the delivery as failed, as AWS does).
   */
  deliver(queueArn: string, message: { body: string; attributes?: Record<string, LocalMessageAttribute>; groupId?: string; deduplicationId?: string }): { messageId: string };
}

/** What local SNS asks of local Lambda to deliver an event: an asynchronous (Event) invocation. */
export interface LambdaDelivery {
  /** Queues an Event invocation of the function named by its ARN; throws when there is no such function. */
  invokeAsync(functionArn: string, payload: string): void;
}

/** In-process links between the local services, filled in once all of them are built. */
export interface LocalPeers {
  sqs?: SqsDelivery;
  lambda?: LambdaDelivery;
}

/** Where local services report what a developer should see (a pino logger fits). */
export interface LocalLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What every local service is given at start. */
export interface LocalContext {
  region: string;
  /** The 12-digit account id used in ARNs. */
  accountId: string;
  /** Base URL of the local AWS, e.g. http://127.0.0.1:4566 (queue URLs and links are built on it). */
  endpoint(): string;
  /** The data directory, or undefined for memory only; each service keeps its state in its own subfolder. */
  dataDir?: string;
  /** The other local services, for deliveries between them (SNS to SQS and Lambda). */
  peers: LocalPeers;
  /** Folder whose subfolders are deployed as Lambda functions at start. */
  functionsDir?: string;
  /** Concurrent runs per function before Invoke answers 429. */
  lambdaConcurrency: number;
  /** Where services log (SNS: failed deliveries, and emails when there is no data directory). */
  logger?: LocalLogger;
}

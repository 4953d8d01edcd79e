import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { ConfigError, listenFailure } from '../config';
import { DynamoDbService } from './dynamodb';
import { LambdaService } from './lambda';
import { SqsService } from './sqs';
import { readBody, sendJson, signedService, BodyTooLargeError } from './http';
import type { LocalContext, LocalLogger, LocalService, ServiceName } from './service';
import { SnsService } from './sns';

export interface LocalAwsOptions {
  /** Loopback port; 0 picks a free one. */
  port: number;
  host?: string;
  region: string;
  dataDir?: string;
  functionsDir?: string;
  lambdaConcurrency?: number;
  /** Where services log; without one, SNS writes emails to stderr when there is no data directory. */
  logger?: LocalLogger;
}

/** A running embedded local AWS. */
export interface LocalAws {
  /** e.g. http://127.0.0.1:4566 */
  endpoint: string;
  port: number;
  /** Requests answered so far, per service and operation (`sqs:ReceiveMessage`), for tests and benchmarks. */
  requestCounts: Map<string, number>;
  close(): Promise<void>;
}

/** The account id of every local ARN, as moto and LocalStack use. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Where the local AWS reports on itself; no AWS API path starts with it. */
const INTROSPECTION_PATH = '/_local/requests';

/** Distinct operation names counted by /_local/requests; the names are whatever clients send. */
const MAX_COUNTED = 500;

/** Largest form-encoded body the dispatcher reads to route a query-protocol call. */
const FORM_LIMIT = 10 * 1024 * 1024;

/** Which service a request is for: the SigV4 credential scope, then the JSON target, then the path. */
export function routeOf(req: IncomingMessage): ServiceName | 'form' | undefined {
  const signed = signedService(req);
  if (signed === 'dynamodb' || signed === 'sqs' || signed === 'sns' || signed === 'lambda') return signed;
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('DynamoDB_')) return 'dynamodb';
  if (target.startsWith('AmazonSQS.')) return 'sqs';
  if (/^\/20\d\d-\d\d-\d\d\/(functions|event-source-mappings)/.test(req.url ?? '')) return 'lambda';
  if ((req.url ?? '').startsWith('/_local/sns/')) return 'sns';
  return 'form';
}

/** Query-protocol calls without a signature are told apart by their API version, then by Action. */
function formService(body: Buffer, url: string): ServiceName | undefined {
  const params = new URLSearchParams(body.length ? body.toString('utf8') : url.split('?')[1] ?? '');
  const version = params.get('Version');
  if (version === '2010-03-31') return 'sns';
  if (version === '2012-11-05') return 'sqs';
  const action = params.get('Action') ?? '';
  if (/Topic|[Ss]ubscri|Publish|SMS|PlatformApplication|Endpoint/.test(action)) return 'sns';
  if (/Queue|Message/.test(action)) return 'sqs';
  return undefined;
}

/** Starts the embedded local AWS on one loopback port. */
export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const host = options.host ?? '127.0.0.1';
  let endpoint = '';
  const ctx: LocalContext = {
    region: options.region,
    accountId: LOCAL_ACCOUNT_ID,
    endpoint: () => endpoint,
    dataDir: options.dataDir,
    peers: {},
    functionsDir: options.functionsDir,
    lambdaConcurrency: options.lambdaConcurrency ?? 10,
    logger: options.logger,
  };
  if (options.dataDir) checkDataDir(options.dataDir);
  // DynamoDB first: its lock says whether another server uses the data directory, before any other service reads or writes there.
  const dynamodb = new DynamoDbService(ctx);
  try {
    await dynamodb.ready();
  } catch (err) {
    await dynamodb.close();
    throw err;
  }
  const services = new Map<ServiceName, LocalService>();
  services.set('dynamodb', dynamodb);
  const lambda = new LambdaService(ctx);
  services.set('lambda', lambda);
  ctx.peers.lambda = lambda;
  const sqs = new SqsService(ctx);
  services.set('sqs', sqs);
  ctx.peers.sqs = sqs;
  services.set('sns', new SnsService(ctx));
  const requestCounts = new Map<string, number>();

  const server = createServer((req, res) => {
    dispatch(req, res).catch((err: unknown) => fail(res, err));
  });

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url?.startsWith(INTROSPECTION_PATH)) {
      introspect(req, res);
      return;
    }
    let route = routeOf(req);
    let body: Buffer | undefined;
    if (route === 'form') {
      body = await readBody(req, FORM_LIMIT);
      route = formService(body, req.url ?? '');
    } else if (route === 'sns' && req.method !== 'GET') {
      // Signed SNS calls name their action in the form body: read it here so that it is counted by name.
      body = await readBody(req, FORM_LIMIT);
    }
    const service = route && services.get(route);
    if (!service) {
      sendJson(res, 400, { __type: 'UnknownOperationException', message: `No local service answers ${req.method} ${req.url}` });
      return;
    }
    count(service, req, body);
    await service.handle(req, res, body);
  }

  /** GET /_local/requests: the request counts (benchmarks and tests read them from other processes); DELETE also resets them. */
  function introspect(req: IncomingMessage, res: ServerResponse): void {
    const text = JSON.stringify(Object.fromEntries(requestCounts));
    if (req.method === 'DELETE') requestCounts.clear();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  function count(service: LocalService, req: IncomingMessage, body?: Buffer): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.split('.')[1] ?? (body ? new URLSearchParams(body.toString('utf8')).get('Action') : undefined) ?? service.operationOf?.(req) ?? req.method;
    const named = `${service.name}:${action}`;
    // Action names come from the client: past MAX_COUNTED names, new ones are counted together.
    const key = requestCounts.has(named) || (requestCounts.size < MAX_COUNTED && named.length <= 128) ? named : `${service.name}:(other)`;
    requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
  }

  try {
    await listen(server, options.port, host);
  } catch (err) {
    // Nothing will close what the services opened (timers, the LevelDB lock of a data directory).
    await Promise.all([...services.values()].map((s) => s.close()));
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://${host}:${port}`;

  return {
    endpoint,
    port,
    requestCounts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...services.values()].map((s) => s.close()));
    },
  };
}

/** A data directory that can't be created or written is a ConfigError naming DATA_DIR. */
function checkDataDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError(`DATA_DIR=${dir} is not usable: it is a file, not a directory`);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new ConfigError(`DATA_DIR=${dir} is not usable: ${(err as Error).message}`);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(listenFailure(err, 'LOCAL_AWS_PORT', port, host));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

function fail(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof BodyTooLargeError) {
    sendJson(res, 413, { __type: 'RequestEntityTooLargeException', message: err.message });
    return;
  }
  sendJson(res, 500, { __type: 'InternalFailure', message: 'The local AWS failed to process the request' });
}

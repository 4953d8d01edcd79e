import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../http';
import type { LambdaDelivery, LocalContext, LocalService } from '../service';
import { Functions } from './control';
import { deployFolders } from './deploy';
import { LambdaError, sendLambdaError } from './errors';
import { INVOKE_LIMIT, invoke, invokeAsync, readPayload } from './invoke';
import { Invoker } from './invoker';
import { addPermission, getPolicy, listTags, removePermission, tagResource, untagResource } from './permissions';
import { matchRoute, type Route } from './routes';
import { Runtimes } from './runtimes';
import { workerSpec } from './spec';
import { FunctionStore } from './store';
import { parseBody } from './validate';

/** AWS's limit on a CreateFunction / UpdateFunctionCode request (a 50 MB zip, base64). */
const REQUEST_LIMIT = 69_905_067;

export interface LambdaServiceOptions {
  /** Interpreters to run functions with (tests point Python at a missing command to see the refusal). */
  runtimes?: Runtimes;
}

/**
 * The local Lambda: AWS's REST-JSON API at /2015-03-31/functions, functions kept in a
 * FunctionStore, each invocation run in a child process of the function's own warm pool.
 * Also the LambdaDelivery that local SNS uses to deliver to functions.
 */
export class LambdaService implements LocalService, LambdaDelivery {
  readonly name = 'lambda';
  readonly functions: Functions;
  readonly invoker: Invoker;
  private readonly store: FunctionStore;
  /** What the folder deploy at start did per folder: created, updated, unchanged or failed: reason. */
  readonly deployed: Map<string, string>;

  constructor(ctx: LocalContext, options: LambdaServiceOptions = {}) {
    const runtimes = options.runtimes ?? new Runtimes();
    this.store = new FunctionStore(ctx.dataDir);
    this.invoker = new Invoker({
      concurrency: ctx.lambdaConcurrency,
      spec: (fn) => workerSpec(fn, this.store.codePath(fn), { region: ctx.region, endpoint: ctx.endpoint(), runtimes }),
      arnOf: (name) => this.functions.arnOf(name),
      lookup: (name) => this.store.get(name),
    });
    this.functions = new Functions(this.store, runtimes, this.invoker, { region: ctx.region, accountId: ctx.accountId, endpoint: ctx.endpoint });
    this.deployed = deployFolders(this.functions, ctx.functionsDir);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const route = matchRoute(req.method ?? 'GET', url.pathname);
    try {
      if (!route) throw new LambdaError('UnknownOperationException', `The local Lambda does not implement ${req.method} ${url.pathname}`);
      await this.serve(route, req, res, url.searchParams);
    } catch (err) {
      fail(res, err, route);
    }
  }

  operationOf(req: IncomingMessage): string | undefined {
    return matchRoute(req.method ?? 'GET', new URL(req.url ?? '/', 'http://local').pathname)?.op;
  }

  /** LambdaDelivery: an Event invocation of the function an ARN names (local SNS delivers with it). */
  invokeAsync(functionArn: string, payload: string): void {
    const fn = this.functions.find(functionArn);
    this.invoker.enqueue(fn, { payload: readPayload(Buffer.from(payload)) });
  }

  async close(): Promise<void> {
    this.invoker.close();
    this.store.close();
  }

  private async serve(route: Route, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const target = route.target ?? '';
    const fns = this.functions;
    const qualifier = query.get('Qualifier');
    switch (route.op) {
      case 'Invoke':
        return invoke(fns, this.invoker, req, res, target, query, await readBody(req, INVOKE_LIMIT));
      case 'InvokeAsync':
        return invokeAsync(fns, this.invoker, res, target, await readBody(req, INVOKE_LIMIT));
      case 'CreateFunction':
        return reply(res, 201, fns.configuration(fns.create(await body(req))));
      case 'ListFunctions':
        return reply(res, 200, fns.list(query));
      case 'GetFunction':
        return reply(res, 200, fns.describe(fns.find(target, qualifier)));
      case 'GetFunctionConfiguration':
        return reply(res, 200, fns.configuration(fns.find(target, qualifier)));
      case 'UpdateFunctionConfiguration':
        return reply(res, 200, fns.configuration(fns.updateConfiguration(fns.find(target), await body(req))));
      case 'UpdateFunctionCode':
        return reply(res, 200, fns.configuration(fns.updateCode(fns.find(target), await body(req))));
      case 'DeleteFunction':
        fns.delete(target, qualifier);
        return reply(res, 204);
      case 'AddPermission':
        return reply(res, 201, addPermission(fns, target, qualifier, await body(req)));
      case 'GetPolicy':
        return reply(res, 200, getPolicy(fns, target, qualifier));
      case 'RemovePermission':
        removePermission(fns, target, route.statementId ?? '', query);
        return reply(res, 204);
      case 'ListTags':
        return reply(res, 200, listTags(fns, target));
      case 'TagResource':
        tagResource(fns, target, await body(req));
        return reply(res, 204);
      case 'UntagResource':
        untagResource(fns, target, query);
        return reply(res, 204);
      case 'DownloadCode':
        return this.download(res, target);
      default: {
        const unknown: never = route.op;
        throw new LambdaError('UnknownOperationException', `Unknown operation ${String(unknown)}`);
      }
    }
  }

  /** Serves a function's deployment package (the Code.Location of GetFunction). */
  private download(res: ServerResponse, target: string): void {
    const fn = this.functions.find(target);
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': fn.codeSize });
    createReadStream(this.store.zipPath(fn.name)).pipe(res);
  }
}

async function body(req: IncomingMessage) {
  return parseBody(await readBody(req, REQUEST_LIMIT));
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': crypto.randomUUID() });
  res.end(text);
}

/** Any failure as AWS's error shape: LambdaErrors as they are, an oversized body as 413, anything else as ServiceException. */
function fail(res: ServerResponse, err: unknown, route: Route | undefined): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof LambdaError) return sendLambdaError(res, err);
  if (err instanceof BodyTooLargeError) {
    const op = route?.op === 'Invoke' ? 'InvokeFunction' : route?.op ?? 'Lambda';
    return sendLambdaError(res, new LambdaError('RequestEntityTooLargeException', `Request must be smaller than ${err.limit} bytes for the ${op} operation`));
  }
  sendLambdaError(res, new LambdaError('ServiceException', `The local Lambda failed: ${(err as Error).message ?? String(err)}`));
}

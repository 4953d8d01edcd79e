import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { execute, GraphQLError, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { listenFailure } from './config';
import { buildContext, type AppDeps, type Context } from './context';
import { AppError, formatError, reasonOf, variableError } from './errors';
import { armorProtection, MAX_TOKENS, nestingError, operationChecksPlugin, wsOperationArgs } from './query-limits';
import { InFlight } from './lib/in-flight';
import { countStream } from './lib/metric-labels';
import { sharedSubscribe } from './subscriptions/shared-execution';
import { readBody, BodyTooLargeError } from './local/http';

/** How long requests still running at shutdown get to finish, over HTTP and graphql-ws. */
const DRAIN_GRACE_MS = 4000;

/** What an operation sent over graphql-ws once shutdown has begun gets: nothing was run, so it can be sent again (to another instance). */
const SHUTTING_DOWN = new GraphQLError('The server is shutting down; nothing was run, send the operation again', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });

/** Largest GraphQL request body accepted (a 1 MiB message plus its JSON escaping fits). */
const BODY_LIMIT = 8 * 1024 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  /**
   * Once shutdown has begun (new graphql-ws operations are refused): resolves when the queries and
   * mutations running over graphql-ws have answered, or after the drain's grace period. Call it before
   * stop(), whose HTTP drain ends every connection, the sockets of graphql-ws included.
   */
  settleWsOperations(): Promise<void>;
  /** Stops accepting, closes the graphql-ws sockets (1001), drains HTTP. */
  stop(): Promise<void>;
}

/** Serves GraphQL over HTTP and graphql-ws on /graphql, plus GET /healthz and (METRICS) GET /metrics. */
export async function startServer(deps: AppDeps, schema: GraphQLSchema): Promise<RunningServer> {
  const { config, logger, metrics } = deps;
  const { plugins: armorPlugins = [], ...armorOptions } = armorProtection();
  const httpServer = createServer();
  // Upgrades are routed here rather than by attaching to httpServer, which would also hand the server's
  // own errors (a port in use) to graphql-ws, whose handler prints them as an internal error.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: BODY_LIMIT });
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '/').split('?')[0] !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const format = formatError({ debug: config.debugErrors, log: (err) => logger.error({ err }, 'unexpected error') });
  const checkOperation = wsOperationArgs(schema, armorOptions.validationRules);
  // Queries and mutations over graphql-ws, so that shutdown lets them finish and answer before closing the sockets.
  const wsOperations = new InFlight();
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      onSubscribe: (ctx, id, payload) => (deps.stopping?.aborted ? [SHUTTING_DOWN] : checkOperation(ctx, id, payload)),
      execute: (args: ExecutionArgs) => wsOperations.track(Promise.resolve(execute(args))),
      context: () => buildContext(deps),
      subscribe: metrics ? countedSubscribe(sharedSubscribe(), metrics.subscriptions) : sharedSubscribe(),
      // graphql-ws has no formatError of its own: run its errors through the same one as HTTP.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => formatWsError(e, format)) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatWsError(e, format)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    introspection: true,
    formatError: format,
    ...armorOptions,
    parseOptions: { maxTokens: MAX_TOKENS },
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handlers would stop only Apollo, then raise the signal
    // again, which ended the process before the local AWS had written its data and subscribers were closed.
    stopOnTerminationSignals: false,
    plugins: [
      ...armorPlugins,
      operationChecksPlugin(schema, '/graphql'),
      ...(metrics ? [metrics.graphqlPlugin] : []),
      // No field declares a cache hint, so the default cache-control plugin would only add a hook to every
      // field resolved; the no-store header it would send is set in graphql() below.
      ApolloServerPluginCacheControlDisabled(),
      // Inline traces are for federated subgraphs, which this schema is not; left to Apollo, it loads the
      // plugin and its protobuf module at every start (about 14 ms) only to find that out.
      ApolloServerPluginInlineTraceDisabled(),
      // Requests still running get 4 s (not Apollo's 10): with the subscriptions' 4 s, shutdown stays within main.ts's 10.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: DRAIN_GRACE_MS }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      config.production ? ApolloServerPluginLandingPageProductionDefault() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  httpServer.on('request', (req, res) => {
    // The drain ends idle connections; a request that still arrives on one is not run (the client sees the
    // connection fail and nothing was done), rather than run with no way to send its answer.
    if (req.socket.writableEnded) {
      req.socket.destroy();
      return;
    }
    route(req, res).catch((err: unknown) => {
      logger.error({ err }, 'request failed');
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      send(res, 200, { ok: true });
      return;
    }
    if (path === '/metrics' && metrics) {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (path !== '/graphql') {
      send(res, 404, { error: `Not found: ${path}. GraphQL is served at /graphql` });
      return;
    }
    await graphql(req, res);
  }

  async function graphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = await parseBody(req);
    } catch (err) {
      const tooLarge = err instanceof BodyTooLargeError;
      send(res, tooLarge ? 413 : 400, { errors: [{ message: tooLarge ? err.message : 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    // graphql-js parses recursively: a query nested some 2000 brackets deep overflowed its stack.
    const tooDeep = nestingError(queryOf(body, req.url));
    if (tooDeep) {
      send(res, 400, { errors: [{ message: tooDeep, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: (req.url ?? '').split('?')[1] ?? '', body };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: async () => buildContext(deps) });
    // What the default cache-control plugin (turned off above) sent on every response: nothing here is cacheable.
    res.setHeader('cache-control', 'no-store');
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    // Shutting down: `Connection: close`, so the client sends its next request on a new connection (to
    // another instance) rather than on this one, which the drain is about to end.
    if (deps.stopping?.aborted) res.shouldKeepAlive = false;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await apollo.stop();
    throw listenFailure(err, 'PORT', config.port, config.host);
  }
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    httpServer,
    async settleWsOperations() {
      await wsOperations.settled(DRAIN_GRACE_MS);
      await new Promise((resolve) => setImmediate(resolve)); // graphql-ws sends the last answers
    },
    stop: () => apollo.stop(),
  };
}

/** A graphql-ws error: GraphQL's own (no original error: parse or validation) keep their message; the rest go through formatError. */
function formatWsError(error: GraphQLError, format: ReturnType<typeof formatError>): GraphQLFormattedError {
  // Without a path, an error came before execution (parse, validation, variables): graphql's own, coded as Apollo codes them over HTTP.
  if (!error.path && !(error.originalError instanceof AppError)) {
    const variable = variableError(error.message, reasonOf(error));
    if (variable) return { message: variable.message, locations: error.locations, extensions: { code: 'BAD_USER_INPUT', fields: variable.fields } };
    // `http` is the status Apollo answers with over HTTP; a socket has none.
    const { http: _http, ...extensions } = error.extensions;
    return { ...error.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...extensions } };
  }
  return format(error.toJSON(), error.originalError ?? error);
}

/** The query text of a request: a JSON body's `query`, or a GET's `?query=`. */
function queryOf(body: unknown, url = ''): unknown {
  if (body && typeof body === 'object') return (body as { query?: unknown }).query;
  return new URLSearchParams(url.split('?')[1] ?? '').get('query') ?? undefined;
}

/** `subscribe` whose streams count themselves on `live` while they run. */
function countedSubscribe(subscribe: ReturnType<typeof sharedSubscribe>, live: { inc(): void; dec(): void }): ReturnType<typeof sharedSubscribe> {
  return async (args) => {
    const result = await subscribe(args);
    return Symbol.asyncIterator in result ? countStream(result, live) : result;
  };
}

async function parseBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const raw = await readBody(req, BODY_LIMIT);
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('json')) return raw.toString('utf8');
  return raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

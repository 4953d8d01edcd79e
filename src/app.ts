import { buildClients, type AwsClients } from './aws/clients';
import { SnsAccount } from './aws/sns-account';
import type { Config } from './config';
import type { AppDeps } from './context';
import { InvocationStatsStore } from './datasources/invocation-stats';
import { QueueUrlCache } from './datasources/queue-urls';
import { CursorCodec } from './lib/cursor';
import type { LocalAws } from './local';
import { loadLocalAws } from './local/lazy';
import { createLogger, type Logger } from './logger';
import type * as MetricsModule from './metrics';
import { createSchema } from './schema';
import { startServer, type RunningServer } from './server';
import { seedSampleData } from './seed';
import { createLivePubSub } from './subscriptions';
import { setupResources, verifyResources } from './setup';

/** A started API: the server, its clients and, in LOCAL mode, the embedded local AWS. */
export interface App {
  config: Config;
  /** http://host:port/graphql */
  url: string;
  port: number;
  clients: AwsClients;
  logger: Logger;
  /** The embedded local AWS in LOCAL mode. */
  localAws?: LocalAws;
  server: RunningServer;
  /** Graceful shutdown: the server first, then the clients, then the local AWS. */
  close(): Promise<void>;
}

/** Starts everything the config asks for, in order: local AWS, clients, resources, server. */
export async function startApp(config: Config, logger: Logger = createLogger(config.logLevel), options: Pick<AppDeps, 'lambdaWait'> = {}): Promise<App> {
  const localAws = config.mode === 'LOCAL' ? await loadLocalAws().startLocalAws({ port: config.localAwsPort, region: config.region, dataDir: config.dataDir, functionsDir: config.functionsDir, lambdaConcurrency: config.lambdaConcurrency, logger }) : undefined;
  // Loaded only when on: prom-client costs about 20 ms and a few MB at start.
  const metrics = config.metrics ? (require('./metrics') as typeof MetricsModule).createMetrics() : undefined;
  const clients = buildClients({ region: config.region, endpoint: localAws?.endpoint ?? config.endpoint, awsMaxAttempts: config.awsMaxAttempts }, metrics?.awsPlugin);
  let pubsub: ReturnType<typeof createLivePubSub> | undefined;
  const stopping = new AbortController();
  try {
    let created: string[] = [];
    if (localAws) {
      created = await setupResources(clients, config);
      if (created.length) logger.info({ created }, 'created local resources');
    } else {
      await verifyResources(clients, config);
    }
    const deps: AppDeps = {
      config,
      clients,
      logger,
      cursors: new CursorCodec(config.cursorSecret),
      invocationStats: new InvocationStatsStore(),
      queueUrls: new QueueUrlCache(),
      snsAccount: new SnsAccount(clients.sns),
      stopping: stopping.signal,
      metrics,
      ...options,
    };
    // Only into a users table created just now: with DATA_DIR, sample users and orders deleted
    // before a restart stay deleted.
    if (localAws && config.seed) {
      if (created.includes(`table ${config.tables.users}`)) await seedSampleData(deps);
      else logger.info({ dataDir: config.dataDir }, 'sample data not loaded: the users table existed already');
    }
    const live = createLivePubSub(deps);
    pubsub = live;
    const server = await startServer(deps, await createSchema(live));
    return {
      config,
      url: server.url,
      port: server.port,
      clients,
      logger,
      localAws,
      server,
      async close() {
        // Long polls of receiveMessages answer at once with no messages, rather than running into the drain's grace period.
        stopping.abort();
        // Subscriptions first: clients get a clean completion and their in-flight messages go back. Meanwhile
        // queries and mutations running over graphql-ws finish and answer (both within 4 s), then the drain.
        await Promise.all([live.close(), server.settleWsOperations()]);
        await server.stop();
        clients.destroy();
        await localAws?.close();
      },
    };
  } catch (err) {
    // What was started so far is closed, so a failed start leaves no timers, sockets or locks behind.
    await pubsub?.close();
    clients.destroy();
    await localAws?.close();
    throw err;
  }
}

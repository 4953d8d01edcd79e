import type { AwsClients } from './aws/clients';
import type { SnsAccount } from './aws/sns-account';
import type { Config } from './config';
import { EventBus } from './datasources/event-bus';
import { FunctionsDataSource } from './datasources/functions.datasource';
import { HealthDataSource } from './datasources/health.datasource';
import type { InvocationStatsStore } from './datasources/invocation-stats';
import { OrdersDataSource } from './datasources/orders.datasource';
import { ownTables } from './datasources/own-tables';
import type { QueueUrlCache } from './datasources/queue-urls';
import { QueuesDataSource } from './datasources/queues.datasource';
import { SubscriptionsDataSource } from './datasources/subscriptions.datasource';
import { TablesDataSource } from './datasources/tables.datasource';
import { TopicsDataSource } from './datasources/topics.datasource';
import { UsersDataSource } from './datasources/users.datasource';
import type { CursorCodec } from './lib/cursor';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/** What lives for the whole process and is shared by every request. */
export interface AppDeps {
  config: Config;
  clients: AwsClients;
  logger: Logger;
  /** Signs and checks every nextToken of the process (one key, so tokens survive across requests). */
  cursors: CursorCodec;
  /** Per-function invocation statistics, kept for the life of the process. */
  invocationStats: InvocationStatsStore;
  /** Queue name to URL, so that most queue operations cost one SQS call. */
  queueUrls: QueueUrlCache;
  /** The account topic names resolve in, learnt from SNS once. */
  snsAccount: SnsAccount;
  /** How Lambda retries wait out their backoff; the default sleeps. Tests pass their own to decide when a retry runs. */
  lambdaWait?: (ms: number) => Promise<void>;
  /** Aborted when the process starts shutting down: long polls end early instead of holding the shutdown. */
  stopping?: AbortSignal;
  /** The process's Prometheus metrics; absent with METRICS=false. */
  metrics?: Metrics;
}

/** The per-request datasources (and their DataLoaders). */
export interface Sources {
  health: HealthDataSource;
  tables: TablesDataSource;
  functions: FunctionsDataSource;
  queues: QueuesDataSource;
  users: UsersDataSource;
  orders: OrdersDataSource;
  topics: TopicsDataSource;
  topicSubscriptions: SubscriptionsDataSource;
  events: EventBus;
}

/** The GraphQL context of one operation. */
export interface Context {
  sources: Sources;
}

/** Builds the datasources of one request around the shared clients. */
export function buildContext(deps: AppDeps): Context {
  const { config, clients, cursors, invocationStats, snsAccount: account, logger } = deps;
  const tables = config.tables;
  const { sns, sqs, lambda } = clients;
  const region = config.region;
  const events = new EventBus({ sns, sqs, lambda, region, account, topic: config.eventsTopic, logger });
  return {
    sources: {
      health: new HealthDataSource({ clients, mode: config.mode, region }),
      tables: new TablesDataSource({ dynamo: clients.dynamo, cursors, protectedTables: ownTables(tables) }),
      functions: new FunctionsDataSource({ lambda: clients.lambda, stats: invocationStats, cursors, wait: deps.lambdaWait }),
      queues: new QueuesDataSource({ sqs: clients.sqs, cursors, urls: deps.queueUrls, region, stopping: deps.stopping }),
      users: new UsersDataSource({ doc: clients.doc, tables, cursors, events, batchReads: config.batchUserReads }),
      orders: new OrdersDataSource({ doc: clients.doc, tables, cursors }),
      topics: new TopicsDataSource({ sns, region, account, cursors, eventsTopic: config.eventsTopic }),
      topicSubscriptions: new SubscriptionsDataSource({ sns, sqs, lambda, region, account, cursors }),
      events,
    },
  };
}

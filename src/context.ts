import type { AwsClients } from './aws/clients';
import type { Config } from './config';
import { FunctionsDataSource } from './datasources/functions.datasource';
import { HealthDataSource } from './datasources/health.datasource';
import type { InvocationStatsStore } from './datasources/invocation-stats';
import { TablesDataSource } from './datasources/tables.datasource';
import type { QueueUrlCache } from './datasources/queue-urls';
import { QueuesDataSource } from './datasources/queues.datasource';
import { OrdersDataSource } from './datasources/orders.datasource';
import { UsersDataSource } from './datasources/users.datasource';
import type { CursorCodec } from './lib/cursor';
import type { Logger } from './logger';

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
}

/** The per-request datasources (and their DataLoaders). */
export interface Sources {
  health: HealthDataSource;
  tables: TablesDataSource;
  functions: FunctionsDataSource;
  queues: QueuesDataSource;
  users: UsersDataSource;
  orders: OrdersDataSource;
}

/** The GraphQL context of one operation. */
export interface Context {
  sources: Sources;
}

/** Builds the datasources of one request around the shared clients. */
export function buildContext(deps: AppDeps): Context {
  const { config, clients, cursors, invocationStats } = deps;
  const tables = config.tables;
  return {
    sources: {
      health: new HealthDataSource({ clients, mode: config.mode, region: config.region }),
      tables: new TablesDataSource({ dynamo: clients.dynamo, cursors, protectedTables: [tables.users, tables.orders, tables.userEmails] }),
      functions: new FunctionsDataSource({ lambda: clients.lambda, stats: invocationStats, cursors }),
      queues: new QueuesDataSource({ sqs: clients.sqs, cursors, urls: deps.queueUrls }),
      users: new UsersDataSource({ doc: clients.doc, tables, cursors, batchReads: config.batchUserReads }),
      orders: new OrdersDataSource({ doc: clients.doc, tables, cursors }),
    },
  };
}

import sample from '../data/sample-data.json';
import type { AppDeps } from './context';
import { ConflictError } from './errors';
import { EventBus } from './datasources/event-bus';
import { OrdersDataSource, type NewOrder } from './datasources/orders.datasource';
import { UsersDataSource } from './datasources/users.datasource';
import type { NewUser } from './datasources/users.records';

export interface SampleData {
  users: NewUser[];
  orders: NewOrder[];
}

/**
 * Loads the sample users and orders (data/sample-data.json) through the same datasources as the API. The app calls
 * it only when it has just created the users table; still idempotent: a user or order that exists already is left as it is.
 */
export async function seedSampleData(deps: Pick<AppDeps, 'config' | 'clients' | 'cursors' | 'logger' | 'snsAccount'>, data: SampleData = sample): Promise<{ users: number; orders: number }> {
  const options = { doc: deps.clients.doc, tables: deps.config.tables, cursors: deps.cursors };
  const { sns, sqs, lambda } = deps.clients;
  const events = new EventBus({ sns, sqs, lambda, region: deps.config.region, account: deps.snsAccount, topic: deps.config.eventsTopic, logger: deps.logger });
  const created = await new UsersDataSource({ ...options, events }).createMany(data.users);
  const refused = created.failed.filter((f) => f.code !== 'CONFLICT');
  if (refused.length) throw new Error(`sample data: ${refused.map((f) => `users[${f.index}] ${f.message}`).join('; ')}`);
  const orders = new OrdersDataSource(options);
  let orderCount = 0;
  for (const order of data.orders) {
    try {
      await orders.create(order);
      orderCount++;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  deps.logger.info({ users: created.written, orders: orderCount }, 'loaded sample data');
  return { users: created.written, orders: orderCount };
}

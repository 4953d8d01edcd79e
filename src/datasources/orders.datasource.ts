import { DeleteCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { ConflictError, NotFoundError, translateAwsError, ValidationError } from '../errors';
import { checkDocument } from './attribute-values';
import type { CursorCodec } from '../lib/cursor';
import { decodeStartKey } from './doc-cursor';
import type { Order, OrderPage } from '../types/order.type';
import { USER_ID } from '../types/user.input';
import { buildOrderKeyCondition, sortKeyProblem, type OrderDateFilterSpec } from './orders.expressions';
import { cancellationCodes, transactionError } from './users.records';

export interface OrdersDataSourceOptions {
  doc: DynamoDBDocumentClient;
  tables: Config['tables'];
  cursors: CursorCodec;
}

export interface NewOrder {
  userId: string;
  orderDate: string;
  amount: number;
  status?: string | null;
  items?: unknown;
}

/** An order as stored: snake_case attributes. */
interface OrderItem {
  user_id: string;
  order_date: string;
  amount: number;
  status: string;
  items?: unknown;
  created_at: string;
}

/** Orders in DynamoDB, keyed by user_id (partition) and order_date (sort). */
export class OrdersDataSource {
  constructor(private readonly options: OrdersDataSourceOptions) {}

  /** Creates an order for an existing user (checked in the same transaction); CONFLICT when the user already has one at that date. */
  async create(input: NewOrder): Promise<Order> {
    const { tables, doc } = this.options;
    checkDocument(input.items, 'items');
    const item: OrderItem = {
      user_id: input.userId,
      order_date: input.orderDate,
      amount: input.amount,
      status: input.status ?? 'PLACED',
      ...(input.items !== undefined && input.items !== null ? { items: input.items } : {}),
      created_at: new Date().toISOString(),
    };
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: tables.users, Key: { user_id: input.userId }, ConditionExpression: 'attribute_exists(#id)', ExpressionAttributeNames: { '#id': 'user_id' } } },
            { Put: { TableName: tables.orders, Item: { ...item }, ConditionExpression: 'attribute_not_exists(#date)', ExpressionAttributeNames: { '#date': 'order_date' } } },
          ],
        }),
      );
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[0] === 'ConditionalCheckFailed') throw new NotFoundError(`There is no user with id ${input.userId}`, { cause: err });
      if (codes?.[1] === 'ConditionalCheckFailed') throw new ConflictError(`User ${input.userId} already has an order at ${input.orderDate}`, { cause: err });
      // What is left for DynamoDB to refuse in an order is the size of its items (400 KB an item).
      if (codes?.[1] === 'ValidationError' || (err as Error).name === 'ValidationException') throw ValidationError.of('items', `DynamoDB refused the order: ${(err as Error).message}`);
      throw transactionError(err, 'creating an order');
    }
    return toOrder(item);
  }

  /** Deletes an order and resolves with it; NOT_FOUND when there is none. */
  async remove(userId: string, orderDate: string): Promise<Order> {
    const long = sortKeyProblem(orderDate);
    if (long) throw ValidationError.of('orderDate', long);
    if (!USER_ID.test(userId) || !orderDate) throw new NotFoundError(`User ${userId} has no order at ${orderDate}`);
    try {
      const out = await this.options.doc.send(
        new DeleteCommand({
          TableName: this.options.tables.orders,
          Key: { user_id: userId, order_date: orderDate },
          ConditionExpression: 'attribute_exists(#date)',
          ExpressionAttributeNames: { '#date': 'order_date' },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return toOrder(out.Attributes ?? {});
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') throw new NotFoundError(`User ${userId} has no order at ${orderDate}`, { cause: err });
      throw translateAwsError(err, 'deleting an order');
    }
  }

  /** A page of a user's orders, oldest first, optionally narrowed by a sort-key condition. */
  async page(userId: string, filter: OrderDateFilterSpec | null | undefined, limit: number, nextToken?: string | null): Promise<OrderPage> {
    const condition = buildOrderKeyCondition(userId, filter);
    if (!USER_ID.test(userId)) return { items: [], nextToken: null };
    // The scope binds a token to its user and condition: DynamoDB refuses a start key outside the condition.
    const scope = `orders:${userId}:${JSON.stringify(filter ?? null)}`;
    let startKey = nextToken ? decodeStartKey(this.options.cursors, scope, nextToken) : undefined;
    const items: Order[] = [];
    do {
      const out = await this.call(() =>
        this.options.doc.send(
          new QueryCommand({
            TableName: this.options.tables.orders,
            KeyConditionExpression: condition.expression,
            ExpressionAttributeNames: condition.names,
            ExpressionAttributeValues: condition.values,
            ScanIndexForward: true,
            Limit: limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      items.push(...(out.Items ?? []).map(toOrder));
      startKey = out.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return { items, nextToken: startKey ? this.options.cursors.encode(scope, startKey) : null };
  }


  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translateAwsError(err, 'listing orders');
    }
  }
}

function toOrder(item: object): Order {
  const o = item as OrderItem;
  return { userId: o.user_id, orderDate: o.order_date, amount: Number(o.amount), status: o.status, items: o.items ?? null };
}

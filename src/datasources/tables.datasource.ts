import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  paginateListTables,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  waitForTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ForbiddenError, NotFoundError, translateAwsError, ValidationError } from '../errors';
import type { CursorCodec } from '../lib/cursor';
import type { BatchWriteResult } from '../types/batch.type';
import { fromItem, toAttributeValue, toItem, type JsonObject } from './attribute-values';
import { batchPut, DEFAULT_BATCH_OPTIONS, type BatchPutOptions } from './batch-put';
import { filterExpression, keyConditionExpression, Placeholders, type ConditionOperator, type SortKeyOperator } from './expressions';
import { prepareBatch } from './batch-entries';
import { decodeCursor, encodeCursor, readPage, type Read } from './item-pages';
import { tableError } from './table-errors';
import { createTableRequest, keyAttrs, keyFrom, keySizeProblem, keyValueFrom, keyValueProblem, itemKeyProblems, tableMetaOf, type NewTable, type TableInfo, type TableMeta } from './table-schema';

export interface TablesDataSourceDeps {
  dynamo: DynamoDBClient;
  cursors: CursorCodec;
  /** Tables the API itself uses, each with the operations that write it: readable here, never written or deleted. */
  protectedTables?: ReadonlyMap<string, string>;
  /** How long createTable waits for the new table to become ACTIVE (default 120 s). */
  createWaitSeconds?: number;
  batch?: Partial<BatchPutOptions>;
}

export interface ItemPageResult {
  items: JsonObject[];
  nextToken: string | null;
  scannedCount: number;
}

export interface QueryInput {
  table: string;
  partitionKey: unknown;
  sortKey?: { operator: SortKeyOperator; values: unknown[] } | null;
  index?: string | null;
  limit?: number | null;
  nextToken?: string | null;
}

export interface ScanInput {
  table: string;
  filter?: Array<{ attribute: string; operator: ConditionOperator; values?: unknown[] | null }> | null;
  limit?: number | null;
  nextToken?: string | null;
}

const DEFAULT_LIMIT = 50;
/** Tables described at once by `list`. */
const DESCRIBE_CONCURRENCY = 8;

/**
 * Any DynamoDB table, as the notebook's DynamoDBTable: tables, items as JSON, queries and scans
 * in pages. Built per request: table descriptions (key schemas) are cached for the request.
 */
export class TablesDataSource {
  private readonly metas = new Map<string, Promise<TableMeta>>();

  constructor(private readonly deps: TablesDataSourceDeps) {}

  /** Every table of the account and region, described. */
  async list(): Promise<TableInfo[]> {
    const names: string[] = [];
    try {
      for await (const page of paginateListTables({ client: this.deps.dynamo }, {})) names.push(...(page.TableNames ?? []));
    } catch (err) {
      throw translateAwsError(err, 'ListTables');
    }
    const tables: Array<TableInfo | null> = [];
    for (let i = 0; i < names.length; i += DESCRIBE_CONCURRENCY) {
      tables.push(...(await Promise.all(names.slice(i, i + DESCRIBE_CONCURRENCY).map((name) => this.get(name)))));
    }
    // A table deleted between the list and its description is simply gone.
    return tables.filter((t): t is TableInfo => t !== null);
  }

  /** One table, or null when there is none. */
  async get(name: string): Promise<TableInfo | null> {
    try {
      return (await this.meta(name)).info;
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  /** Creates a table (on-demand billing) and waits until it is ACTIVE; an existing one is CONFLICT. */
  async create(input: NewTable): Promise<TableInfo> {
    const request = createTableRequest(input);
    await this.send(() => this.deps.dynamo.send(new CreateTableCommand(request)), input.name, 'input', 'CreateTable');
    await waitForTableExists({ client: this.deps.dynamo, maxWaitTime: this.deps.createWaitSeconds ?? 120, minDelay: 1, maxDelay: 5 }, { TableName: input.name });
    this.metas.delete(input.name);
    return (await this.meta(input.name)).info;
  }

  /** Deletes a table; NOT_FOUND when there is none, FORBIDDEN for the API's own tables. */
  async remove(name: string): Promise<boolean> {
    if (this.deps.protectedTables?.has(name)) throw new ForbiddenError(`Table ${name} is used by this API and can't be deleted through it`);
    await this.send(() => this.deps.dynamo.send(new DeleteTableCommand({ TableName: name })), name, 'name', 'DeleteTable');
    this.metas.delete(name);
    return true;
  }

  /** The item with this key (strongly consistent read), or null. */
  async getItem(table: string, key: Record<string, unknown>): Promise<JsonObject | null> {
    const meta = await this.meta(table);
    const Key = keyFrom(meta.key, key, 'key');
    const out = await this.send(() => this.deps.dynamo.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true })), table, 'key', 'GetItem');
    return out.Item ? fromItem(out.Item) : null;
  }

  /** Puts (creates or replaces) an item; returns it as stored. */
  async putItem(table: string, json: Record<string, unknown>): Promise<JsonObject> {
    this.refuseOwnTable(table);
    const meta = await this.meta(table);
    const item = toItem(json, 'item');
    const problems = itemKeyProblems(meta.key, item, 'item');
    if (problems.length) throw new ValidationError(problems);
    await this.send(() => this.deps.dynamo.send(new PutItemCommand({ TableName: table, Item: item })), table, 'item', 'PutItem');
    return fromItem(item);
  }

  /** Deletes an item; returns what was deleted, or null when there was no such item. */
  async deleteItem(table: string, key: Record<string, unknown>): Promise<JsonObject | null> {
    this.refuseOwnTable(table);
    const meta = await this.meta(table);
    const Key = keyFrom(meta.key, key, 'key');
    const out = await this.send(() => this.deps.dynamo.send(new DeleteItemCommand({ TableName: table, Key, ReturnValues: 'ALL_OLD' })), table, 'key', 'DeleteItem');
    return out.Attributes ? fromItem(out.Attributes) : null;
  }

  /** Puts any number of items, 25 per BatchWriteItem; failures are reported by position. */
  async putItems(table: string, items: ReadonlyArray<Record<string, unknown>>): Promise<BatchWriteResult> {
    this.refuseOwnTable(table);
    const meta = await this.meta(table);
    const { entries, failed } = prepareBatch(meta.key, items);
    const keyNames = keyAttrs(meta.key).map((a) => a.name);
    const result = await batchPut(this.deps.dynamo, table, keyNames, entries, { ...DEFAULT_BATCH_OPTIONS, ...this.deps.batch });
    return { written: result.written, failed: [...failed, ...result.failed].sort((a, b) => a.index - b.index) };
  }

  /** A page of the items of one partition (of the table or an index), optionally narrowed by a sort-key condition. */
  async query(input: QueryInput): Promise<ItemPageResult> {
    const { table, index, sortKey } = input;
    const meta = await this.meta(table);
    const schema = index ? meta.indexes.get(index) : meta.key;
    if (!schema) throw new NotFoundError(`Index ${index} not found on table ${table}`);
    const ph = new Placeholders();
    const partition = { name: schema.partitionKey.name, value: keyValueFrom(schema.partitionKey, input.partitionKey, 'partitionKey') };
    let sort;
    if (sortKey) {
      if (!schema.sortKey) throw ValidationError.of('sortKey', `${index ? `index ${index}` : `table ${table}`} has no sort key`);
      const attr = schema.sortKey;
      const values = sortKey.values.map((v, i) => sortValue(attr, v, `sortKey.values.${i}`, sortKey.operator));
      sort = { name: attr.name, operator: sortKey.operator, values, field: 'sortKey' };
    }
    const KeyConditionExpression = keyConditionExpression(ph, partition, sort);
    const scope = JSON.stringify(['query', table, index ?? null, input.partitionKey, sortKey ?? null]);
    const keyNames = [...new Set([...keyAttrs(meta.key), ...keyAttrs(schema)].map((a) => a.name))];
    const read: Read = (ExclusiveStartKey, Limit) =>
      this.send(
        () => this.deps.dynamo.send(new QueryCommand({ TableName: table, IndexName: index ?? undefined, KeyConditionExpression, ...ph.params(), ExclusiveStartKey, Limit })),
        table,
        sortKey ? 'sortKey' : 'partitionKey',
        'Query',
      );
    return this.page(read, scope, keyNames, input);
  }

  /** A page of the whole table, optionally filtered (all conditions must hold). */
  async scan(input: ScanInput): Promise<ItemPageResult> {
    const { table } = input;
    const meta = await this.meta(table);
    const ph = new Placeholders();
    const conditions = (input.filter ?? []).map((c, i) => ({
      attribute: c.attribute,
      operator: c.operator,
      values: (c.values ?? []).map((v, j) => toAttributeValue(v, `filter.${i}.values.${j}`)),
      field: `filter.${i}`,
    }));
    const FilterExpression = filterExpression(ph, conditions);
    const scope = JSON.stringify(['scan', table, input.filter ?? null]);
    const keyNames = keyAttrs(meta.key).map((a) => a.name);
    const read: Read = (ExclusiveStartKey, Limit) =>
      this.send(() => this.deps.dynamo.send(new ScanCommand({ TableName: table, FilterExpression, ...ph.params(), ExclusiveStartKey, Limit })), table, 'filter', 'Scan');
    return this.page(read, scope, keyNames, input);
  }

  private async page(read: Read, scope: string, keyNames: string[], input: { limit?: number | null; nextToken?: string | null }): Promise<ItemPageResult> {
    const start = input.nextToken ? decodeCursor(this.deps.cursors, scope, input.nextToken) : undefined;
    const page = await readPage(read, keyNames, input.limit ?? DEFAULT_LIMIT, start);
    const nextToken = page.next ? encodeCursor(this.deps.cursors, scope, page.next) : null;
    return { items: page.items.map(fromItem), nextToken, scannedCount: page.scannedCount };
  }

  /** Item writes to the API's own tables are FORBIDDEN, naming the operations that write them. */
  private refuseOwnTable(table: string): void {
    const operations = this.deps.protectedTables?.get(table);
    if (operations) throw new ForbiddenError(`Table ${table} is used by this API and its items can't be written through the tables API; use ${operations}`);
  }

  /** The table's description, once per request. */
  private meta(table: string): Promise<TableMeta> {
    let meta = this.metas.get(table);
    if (!meta) {
      meta = this.send(() => this.deps.dynamo.send(new DescribeTableCommand({ TableName: table })), table, 'table', 'DescribeTable').then((out) => tableMetaOf(out.Table ?? {}));
      meta.catch(() => this.metas.delete(table));
      this.metas.set(table, meta);
    }
    return meta;
  }

  /** Runs one DynamoDB call, translating its errors: the one place they are mapped. */
  private async send<T>(call: () => Promise<T>, table: string, field: string, what: string): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw tableError(err, table, field, what);
    }
  }
}

function sortValue(attr: { name: string; type: 'S' | 'N' | 'B' }, json: unknown, field: string, operator: SortKeyOperator) {
  const value = toAttributeValue(json, field);
  const problem = operator === 'BEGINS_WITH' && attr.type === 'N' ? 'BEGINS_WITH needs a string or binary sort key' : (keyValueProblem(attr, value) ?? keySizeProblem(value, 'sort'));
  if (problem) throw ValidationError.of(field, problem);
  return value;
}

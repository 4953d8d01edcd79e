import { createHash } from 'node:crypto';
import {
  checkConditional,
  createKey,
  getStored,
  getTable,
  run,
  validate,
  validateItem,
  validateKey,
  validationError,
  isReplyError,
  type ActionName,
  type Attributes,
  type Data,
  type Store,
  type TableInfo,
} from './store';

/** What the HTTP layer sends back. */
export interface Reply {
  status: number;
  body: unknown;
}

type Kind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
const KINDS: readonly Kind[] = ['Put', 'Update', 'Delete', 'ConditionCheck'];
/** dynalite's single-item action whose request shape (and validation) each transaction entry shares. */
const SHAPE: Record<Kind, ActionName> = { Put: 'put', Update: 'update', Delete: 'delete', ConditionCheck: 'delete' };
const MAX_ITEMS = 100;
/** AWS keeps a ClientRequestToken for 10 minutes. */
const TOKEN_TTL_MS = 10 * 60 * 1000;

interface WriteOp {
  kind: Kind;
  data: Data;
  returnOld: boolean;
  /** Filled while locked. */
  key?: Attributes;
  existing?: Attributes;
}

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Attributes;
}

/**
 * TransactWriteItems and TransactGetItems on dynalite's store, which has neither. The caller
 * holds the local DynamoDB's exclusive lock around `write` (and a shared one around `get`), so
 * no other request runs while a transaction checks its conditions and applies its writes; a
 * write that fails half-way is undone from the before-images before the lock is released.
 */
export class Transactions {
  private readonly tokens = new Map<string, { digest: string; at: number }>();

  constructor(private readonly store: Store) {}

  /** Parses and validates a TransactWriteItems request without touching data; throws AwsReplyError. */
  parseWrite(body: Data): WriteOp[] {
    return entries(body).map((entry, i) => {
      const kinds = KINDS.filter((k) => entry[k] !== undefined && entry[k] !== null);
      if (kinds.length !== 1) throw validationError(`TransactItems[${i}] must contain exactly one of Put, Update, Delete, ConditionCheck`);
      const kind = kinds[0] as Kind;
      const raw = entry[kind] as Data;
      if (kind === 'Update' && typeof raw.UpdateExpression !== 'string') throw validationError('The parameter UpdateExpression is required for an Update');
      if (kind === 'ConditionCheck' && typeof raw.ConditionExpression !== 'string') throw validationError('The parameter ConditionExpression is required for a ConditionCheck');
      const onFailure = raw.ReturnValuesOnConditionCheckFailure ?? 'NONE';
      if (onFailure !== 'ALL_OLD' && onFailure !== 'NONE') {
        throw validationError(`1 validation error detected: Value '${String(onFailure)}' at 'transactItems.${i + 1}.member.${kind.charAt(0).toLowerCase()}${kind.slice(1)}.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`);
      }
      return { kind, data: validate(SHAPE[kind], raw, this.store), returnOld: onFailure === 'ALL_OLD' };
    });
  }

  /** Runs a parsed transaction: all of it or none of it. Call with the exclusive lock held. */
  async write(body: Data, ops: WriteOp[]): Promise<Reply> {
    const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : undefined;
    const digest = createHash('sha256').update(JSON.stringify(body.TransactItems)).digest('hex');
    const seen = token ? this.seenToken(token) : undefined;
    if (seen && seen !== digest) {
      return error('IdempotentParameterMismatchException', 'Request parameters do not match the parameters of a previous request with the same ClientRequestToken');
    }
    if (seen) return ok(body, ops);
    await this.load(ops);
    const reasons = ops.map(conditionReason);
    if (reasons.some((r) => r.Code !== 'None')) return cancelled(reasons);
    const failure = await this.apply(ops);
    if (failure) return failure;
    if (token) this.tokens.set(token, { digest, at: Date.now() });
    return ok(body, ops);
  }

  /** TransactGetItems: every item read under one shared lock, so no transaction is seen half-done. */
  async get(body: Data): Promise<Reply> {
    const gets = entries(body).map((entry, i) => {
      if (!entry.Get) throw validationError(`TransactItems[${i}] must contain Get`);
      return validate('get', entry.Get as Data, this.store);
    });
    await this.checkDistinct(gets.map((data) => ({ data, key: data.Key as Attributes })));
    const responses: Data[] = [];
    for (const data of gets) {
      const { Item } = await run('get', this.store, { ...data, ReturnConsumedCapacity: undefined });
      responses.push(Item ? { Item } : {});
    }
    return { status: 200, body: { Responses: responses, ...capacity(body, gets, 2) } };
  }

  /** Resolves each entry's table and key, refuses two entries on one item, and reads the before-images. */
  private async load(ops: WriteOp[]): Promise<void> {
    const keys = await this.checkDistinct(ops.map((op) => ({ data: op.data, key: op.kind === 'Put' ? undefined : (op.data.Key as Attributes) })));
    await Promise.all(
      ops.map(async (op, i) => {
        const { name, key, keyAttrs } = keys[i] as ResolvedKey;
        op.key = keyAttrs;
        op.existing = await getStored(this.store, name, key);
      }),
    );
  }

  private async checkDistinct(entries: Array<{ data: Data; key?: Attributes }>): Promise<ResolvedKey[]> {
    const tables = new Map<string, TableInfo>();
    const seen = new Set<string>();
    const resolved: ResolvedKey[] = [];
    for (const entry of entries) {
      const { data } = entry;
      const name = String(data.TableName);
      const table = tables.get(name) ?? (await getTable(this.store, name));
      tables.set(name, table);
      const invalid = entry.key ? validateKey(entry.key, table) : validateItem(data.Item as Attributes, table);
      if (invalid) throw invalid;
      const source = entry.key ?? (data.Item as Attributes);
      const key = createKey(source, table);
      const id = `${name}\u0000${key}`;
      if (seen.has(id)) throw validationError('Transaction request cannot include multiple operations on one item');
      seen.add(id);
      const keyAttrs = Object.fromEntries(table.KeySchema.map((k) => [k.AttributeName, source[k.AttributeName]]));
      resolved.push({ name, key, keyAttrs });
    }
    return resolved;
  }

  /**
   * Applies the writes (on distinct items, so in any order) together; when one fails on the
   * stored data the others are undone from their before-images and the failure is reported as AWS does.
   */
  private async apply(ops: WriteOp[]): Promise<Reply | undefined> {
    const writes = ops.filter((op) => op.kind !== 'ConditionCheck');
    const outcomes = await Promise.allSettled(
      writes.map((op) => {
        const { _condition, Expected, ConditionExpression, ReturnConsumedCapacity, ...data } = op.data;
        return run(SHAPE[op.kind], this.store, data);
      }),
    );
    const failed = outcomes.findIndex((o) => o.status === 'rejected');
    if (failed < 0) return undefined;
    await this.undo(writes.filter((_, i) => outcomes[i]?.status === 'fulfilled'));
    const err = (outcomes[failed] as PromiseRejectedResult).reason as unknown;
    if (!isReplyError(err)) throw err;
    const at = ops.indexOf(writes[failed] as WriteOp);
    return cancelled(ops.map((_, j) => (j === at ? { Code: 'ValidationError', Message: err.body.message ?? err.message } : { Code: 'None' })));
  }

  private async undo(applied: WriteOp[]): Promise<void> {
    await Promise.all(
      applied.map((op) => {
        const TableName = op.data.TableName;
        return op.existing ? run('put', this.store, { TableName, Item: op.existing }) : run('delete', this.store, { TableName, Key: op.key });
      }),
    );
  }

  private seenToken(token: string): string | undefined {
    const now = Date.now();
    for (const [t, { at }] of this.tokens) if (now - at > TOKEN_TTL_MS) this.tokens.delete(t);
    return this.tokens.get(token)?.digest;
  }
}

interface ResolvedKey {
  name: string;
  key: string;
  keyAttrs: Attributes;
}

function entries(body: Data): Data[] {
  const items = body.TransactItems;
  if (!Array.isArray(items)) throw validationError("The parameter 'TransactItems' is required but was not present in the request");
  if (items.length < 1 || items.length > MAX_ITEMS) {
    throw validationError(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length ${items.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ITEMS}`}`);
  }
  return items.map((item) => (item && typeof item === 'object' ? (item as Data) : {}));
}

function conditionReason(op: WriteOp): CancellationReason {
  if (!checkConditional(op.data, op.existing)) return { Code: 'None' };
  return { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(op.returnOld && op.existing ? { Item: op.existing } : {}) };
}

function cancelled(reasons: CancellationReason[]): Reply {
  return {
    status: 400,
    body: {
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      CancellationReasons: reasons,
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    },
  };
}

function error(type: string, message: string): Reply {
  return { status: 400, body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message } };
}

function ok(body: Data, ops: WriteOp[]): Reply {
  return { status: 200, body: capacity(body, ops.map((op) => op.data), 2) };
}

/** ConsumedCapacity per table when asked for: transactional reads and writes cost two units per item (under 1 KB). */
function capacity(body: Data, entries: Data[], unitsPerItem: number): Data {
  if (body.ReturnConsumedCapacity !== 'TOTAL' && body.ReturnConsumedCapacity !== 'INDEXES') return {};
  const perTable = new Map<string, number>();
  for (const data of entries) perTable.set(String(data.TableName), (perTable.get(String(data.TableName)) ?? 0) + unitsPerItem);
  return { ConsumedCapacity: [...perTable].map(([TableName, CapacityUnits]) => ({ TableName, CapacityUnits })) };
}

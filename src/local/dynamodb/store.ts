import type { Server } from 'node:http';
import dynalite from 'dynalite';
import db = require('dynalite/db');
import validations = require('dynalite/validations');
import deleteItem from 'dynalite/actions/deleteItem';
import getItem from 'dynalite/actions/getItem';
import putItem from 'dynalite/actions/putItem';
import updateItem from 'dynalite/actions/updateItem';
import * as deleteRules from 'dynalite/validations/deleteItem';
import * as getRules from 'dynalite/validations/getItem';
import * as putRules from 'dynalite/validations/putItem';
import * as updateRules from 'dynalite/validations/updateItem';
import type { Store } from 'dynalite/db';

export type { Store };
export type Attributes = Record<string, unknown>;
export type Data = Record<string, unknown>;

/** An error dynalite answers with: an HTTP status and an AWS JSON error body. */
export interface AwsReplyError extends Error {
  statusCode: number;
  body: { __type: string; message?: string; Message?: string };
}

export function isReplyError(err: unknown): err is AwsReplyError {
  return err instanceof Error && typeof (err as Partial<AwsReplyError>).statusCode === 'number';
}

/** A ValidationException in dynalite's (and DynamoDB's) shape. */
export function validationError(message: string): AwsReplyError {
  return Object.assign(new Error(message), { statusCode: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message } });
}

export interface DynaliteOptions {
  path?: string;
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}

/**
 * Starts dynalite and keeps a handle on its store. dynalite builds the store inside its factory
 * and exposes no handle, so `db.create` is wrapped for the duration of that one call; the
 * transactions need the store to read and write items while holding the local lock.
 */
export function startDynalite(options: DynaliteOptions): { server: Server; store: Store } {
  const mutable = db as { create: typeof db.create };
  const original = mutable.create;
  let store: Store | undefined;
  mutable.create = (o: unknown) => (store = original(o));
  try {
    const server = dynalite(options);
    if (!store) throw new Error('dynalite did not create a store');
    return { server, store };
  } finally {
    mutable.create = original;
  }
}

const ACTIONS = { put: putItem, update: updateItem, delete: deleteItem, get: getItem };
const RULES = { put: putRules, update: updateRules, delete: deleteRules, get: getRules };
export type ActionName = keyof typeof ACTIONS;

/**
 * Parsed condition expressions by text, names and values. dynalite's expression parser costs
 * about 50 µs a call, five times the rest of an item's validation, and the conditions of
 * transactions repeat (createUsers sends the same two with every user).
 */
const conditions = new Map<string, unknown>();
const CONDITIONS_KEPT = 1000;

/** Type-checks and validates a single-item request exactly as dynalite does for its own action; throws AwsReplyError. */
export function validate(action: ActionName, raw: Data, store: Store): Data {
  const rules = RULES[action];
  const key = conditionKey(action, raw);
  const parsed = key === undefined ? undefined : conditions.get(key);
  if (parsed !== undefined) {
    // The same condition, names and values were validated and parsed before: the rest of the request is checked as usual.
    const { ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues, ...rest } = raw;
    const data = validations.checkTypes(rest, rules.types);
    validations.checkValidations(data, rules.types, rules.custom, store);
    return { ...data, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues, _condition: parsed };
  }
  const data = validations.checkTypes({ ...raw }, rules.types);
  validations.checkValidations(data, rules.types, rules.custom, store);
  if (key !== undefined && data._condition !== undefined) {
    if (conditions.size >= CONDITIONS_KEPT) conditions.clear();
    conditions.set(key, data._condition);
  }
  return data;
}

/** The cache key of a Put or Delete shape whose only expression is its condition, without the legacy parameters an expression excludes. */
function conditionKey(action: ActionName, raw: Data): string | undefined {
  if ((action !== 'put' && action !== 'delete') || typeof raw.ConditionExpression !== 'string') return undefined;
  if (raw.Expected !== undefined || raw.ConditionalOperator !== undefined) return undefined;
  return JSON.stringify([raw.ConditionExpression, raw.ExpressionAttributeNames ?? null, raw.ExpressionAttributeValues ?? null]);
}

/** Runs one of dynalite's item actions on validated data. */
export function run(action: ActionName, store: Store, data: Data): Promise<Data> {
  return new Promise((resolve, reject) => {
    ACTIONS[action](store, data, (err, result) => (err ? reject(err) : resolve(result ?? {})));
  });
}

export interface TableInfo {
  TableName: string;
  KeySchema: Array<{ AttributeName: string }>;
}

export function getTable(store: Store, name: string): Promise<TableInfo> {
  return new Promise((resolve, reject) => {
    store.getTable(name, (err, table) => (err ? reject(err) : resolve(table as TableInfo)));
  });
}

/** The stored item under dynalite's key string, or undefined. */
export function getStored(store: Store, tableName: string, key: string): Promise<Attributes | undefined> {
  return new Promise((resolve, reject) => {
    store.getItemDb(tableName).get(key, (err, item) => {
      if (err && err.name !== 'NotFoundError') return reject(err);
      resolve(err ? undefined : item);
    });
  });
}

export const { createKey, validateKey, validateItem, checkConditional } = db;

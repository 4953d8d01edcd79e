import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConflictError, ThrottledError, translateAwsError } from '../errors';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { User } from '../types/user.type';

/** A user as stored: snake_case attributes. */
export interface UserItem {
  user_id: string;
  email: string;
  name: string;
  age?: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** What createUser needs. */
export interface NewUser {
  userId?: string | null;
  email: string;
  name: string;
  age?: number | null;
}

/** Emails are kept and compared in lower case, so Ann@X.com and ann@x.com are one email. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function newUserItem(input: NewUser, now: string): UserItem {
  return {
    user_id: input.userId ?? randomUUID(),
    email: normalizeEmail(input.email),
    name: input.name,
    ...(input.age != null ? { age: input.age } : {}),
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

export function toUser(item: object): User {
  const u = item as unknown as UserItem;
  return {
    userId: u.user_id,
    email: u.email,
    name: u.name,
    age: u.age ?? null,
    createdAt: new Date(u.created_at),
    updatedAt: new Date(u.updated_at),
    version: Number(u.version),
  };
}

/** The cancellation reason codes of a cancelled transaction, or undefined for any other error. */
export function cancellationCodes(err: unknown): string[] | undefined {
  if (!(err instanceof TransactionCanceledException) && (err as Error)?.name !== 'TransactionCanceledException') return undefined;
  return ((err as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

/** The two conditional writes that create a user: the user (id free) and its email claim (email free). */
export function createWrites(item: UserItem, tables: Config['tables']): TransactWriteCommandInput['TransactItems'] & object {
  return [
    { Put: { TableName: tables.users, Item: { ...item }, ConditionExpression: 'attribute_not_exists(#id)', ExpressionAttributeNames: { '#id': 'user_id' } } },
    { Put: { TableName: tables.userEmails, Item: { email: item.email, user_id: item.user_id }, ConditionExpression: 'attribute_not_exists(#email)', ExpressionAttributeNames: { '#email': 'email' } } },
  ];
}

const THROTTLED_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/**
 * What is left of a transaction error once the caller has handled its own conditions: a
 * cancellation for throttling is THROTTLED, one for a concurrent transaction on the same items
 * (TransactionConflict) is CONFLICT, anything else goes through the common AWS mapping.
 */
export function transactionError(err: unknown, what: string): unknown {
  const codes = cancellationCodes(err) ?? [];
  if (codes.some((c) => THROTTLED_REASONS.has(c))) return new ThrottledError(`AWS throttled ${what}; try again shortly`, { cause: err });
  if (codes.includes('TransactionConflict')) return new ConflictError(`Another request was changing the same data while ${what}; try again`, { cause: err });
  return translateAwsError(err, what);
}

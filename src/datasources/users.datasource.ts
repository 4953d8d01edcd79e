import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import DataLoader from 'dataloader';
import type { Config } from '../config';
import { ConflictError, NotFoundError, PreconditionFailedError, translateAwsError, ValidationError } from '../errors';
import type { CursorCodec } from '../lib/cursor';
import { decodeStartKey } from './doc-cursor';
import { USER_ID } from '../types/user.input';
import type { User, UserPage } from '../types/user.type';
import { batchGet } from './batch-get';
import { userEventData, type DomainEventPublisher } from './domain-events';
import { createUsers, type BatchOutcome } from './users.batch';
import { buildUserFilter, buildUserUpdate, matchesUserFilter, type UserChanges, type UserFilterSpec } from './users.expressions';
import { existsCondition, Placeholders } from './doc.expressions';
import { cancellationCodes, createWrites, newUserItem, normalizeEmail, toUser, transactionError, type NewUser, type UserItem } from './users.records';

export interface UsersDataSourceOptions {
  doc: DynamoDBDocumentClient;
  tables: Config['tables'];
  cursors: CursorCodec;
  /** Where user.created, user.updated and user.deleted go once a write has succeeded (the EventBus). */
  events: DomainEventPublisher;
  /** false: one GetItem per user instead of BatchGetItem, with no DataLoader batching or caching (benchmark comparison only; default true). */
  batchReads?: boolean;
}

export interface UserUpdate extends Omit<UserChanges, 'email' | 'name'> {
  email?: string | null;
  name?: string | null;
  expectedVersion?: number | null;
}

/** Concurrent writers may move a user's version between our read and our write; retry that many times. */
const WRITE_RACE_RETRIES = 3;

/**
 * Users in DynamoDB. Emails are unique through claim items ({ email, user_id } in the
 * user-emails table) written in the same transaction as the user, so two users can never hold
 * one email. Built per request: `loader` batches the users asked for during one operation.
 */
export class UsersDataSource {
  /** Loads users by id, one BatchGetItem per 100 ids asked for in the same tick. */
  readonly loader: DataLoader<string, User | null>;

  constructor(private readonly options: UsersDataSourceOptions) {
    this.loader =
      options.batchReads === false
        ? new DataLoader((ids) => Promise.all(ids.map((id) => this.get(id))), { batch: false, cache: false })
        : new DataLoader((ids) => this.getMany(ids));
  }

  private get doc() {
    return this.options.doc;
  }

  private get tables() {
    return this.options.tables;
  }

  /** The user with this id, or null. */
  async get(userId: string): Promise<User | null> {
    const item = await this.read(userId);
    return item ? toUser(item) : null;
  }

  /** The user with this email (through the email index, never a scan), or null. */
  async findByEmail(email: string): Promise<User | null> {
    const p = new Placeholders();
    const condition = `${p.name('email')} = ${p.value(normalizeEmail(email))}`;
    const out = await this.call('reading a user by email', () =>
      this.doc.send(new QueryCommand({ TableName: this.tables.users, IndexName: this.tables.emailIndex, KeyConditionExpression: condition, ...p.params() })),
    );
    const item = out.Items?.[0];
    return item ? toUser(item) : null;
  }

  /** Users by id in the order asked, null where there is none. */
  async getMany(ids: readonly string[]): Promise<Array<User | null>> {
    if (this.options.batchReads === false) return Promise.all(ids.map((id) => this.get(id)));
    const found = await this.call('reading users', () => batchGet(ids.filter((id) => USER_ID.test(id)), { doc: this.doc, table: this.tables.users, keyName: 'user_id' }));
    return ids.map((id) => {
      const item = found.get(id);
      return item ? toUser(item) : null;
    });
  }

  /** A page of users: reads on until the page holds `limit` matches or the table ends. */
  async page(filter: UserFilterSpec | null | undefined, limit: number, nextToken?: string | null): Promise<UserPage> {
    const condition = buildUserFilter(filter);
    let startKey = nextToken ? decodeStartKey(this.options.cursors, 'users', nextToken) : undefined;
    const items: User[] = [];
    let scannedCount = 0;
    do {
      const out = await this.call('listing users', () =>
        this.doc.send(
          new ScanCommand({
            TableName: this.tables.users,
            Limit: condition ? Math.max(limit - items.length, 100) : limit - items.length,
            ExclusiveStartKey: startKey,
            ...(condition ? { FilterExpression: condition.expression, ExpressionAttributeNames: condition.names, ExpressionAttributeValues: condition.values } : {}),
          }),
        ),
      );
      scannedCount += out.ScannedCount ?? 0;
      startKey = out.LastEvaluatedKey;
      for (const item of out.Items ?? []) {
        if (!matchesUserFilter(item, filter)) continue;
        items.push(toUser(item));
        // A page cut inside DynamoDB's page goes on after the last user it holds.
        if (items.length === limit) {
          startKey = item === out.Items?.[out.Items.length - 1] ? startKey : { user_id: item.user_id };
          break;
        }
      }
    } while (startKey && items.length < limit);
    return { items, scannedCount, nextToken: startKey ? this.options.cursors.encode('users', startKey) : null };
  }

  /** Creates a user and claims its email in one transaction; CONFLICT when the id or the email is taken. */
  async create(input: NewUser): Promise<User> {
    const item = newUserItem(input, new Date().toISOString());
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: createWrites(item, this.tables),
        }),
      );
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[0] === 'ConditionalCheckFailed') throw new ConflictError(`A user with id ${item.user_id} already exists`, { cause: err });
      if (codes?.[1] === 'ConditionalCheckFailed') throw new ConflictError(`The email ${item.email} is already in use`, { cause: err });
      throw transactionError(err, 'creating a user');
    }
    const user = toUser(item);
    await this.options.events.emit('user.created', { user: userEventData(user) });
    return user;
  }

  /** Creates many users (see users.batch.ts for how), then announces each one written. */
  async createMany(inputs: readonly NewUser[]): Promise<BatchOutcome> {
    const outcome = await createUsers(inputs, { doc: this.doc, tables: this.tables });
    await this.options.events.emitMany('user.created', outcome.created.map((item) => ({ user: userEventData(toUser(item)) })));
    return outcome;
  }

  /**
   * Changes the given fields. A new email moves the claim in the same transaction as the user.
   * NOT_FOUND when there is no such user; PRECONDITION_FAILED when expectedVersion is not the stored version.
   */
  async update(userId: string, input: UserUpdate): Promise<User> {
    const changes = this.changesOf(input);
    const expected = input.expectedVersion ?? undefined;
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(userId);
      if (!current) throw new NotFoundError(`There is no user with id ${userId}`);
      if (expected !== undefined && current.version !== expected) {
        throw new PreconditionFailedError(`User ${userId} is at version ${current.version}, not ${expected}`);
      }
      const outcome = await this.writeUpdate(current, changes, expected !== undefined);
      if (outcome !== 'raced') {
        await this.options.events.emit('user.updated', { user: userEventData(outcome), changed: Object.keys(changes) });
        return outcome;
      }
      if (expected !== undefined) throw new PreconditionFailedError(`User ${userId} was changed by another request; read it again and retry`);
      // No precondition was asked for, so losing the race is a conflict to retry, not a failed precondition.
      if (attempt >= WRITE_RACE_RETRIES) throw new ConflictError(`User ${userId} kept changing while its email was being changed; try again`);
    }
  }

  /** Deletes a user and releases its email; resolves with the user as it was. NOT_FOUND when there is none. */
  async remove(userId: string): Promise<User> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(userId);
      if (!current) throw new NotFoundError(`There is no user with id ${userId}`);
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: [this.deleteAtVersion(current), this.releaseClaim(current)] }));
      } catch (err) {
        if (cancellationCodes(err)?.[0] !== 'ConditionalCheckFailed' || attempt >= WRITE_RACE_RETRIES) throw transactionError(err, 'deleting a user');
        continue;
      }
      const user = toUser(current);
      await this.options.events.emit('user.deleted', { user: userEventData(user) });
      return user;
    }
  }

  /**
   * Writes the changes at the version read when the client asked for one (expectedVersion) or the
   * email moves (the claim released is then surely the user's current email); other changes apply
   * to whatever version is stored, as the client asked for no precondition (version + 1 is atomic).
   */
  private async writeUpdate(current: UserItem, changes: UserChanges, atVersion: boolean): Promise<User | 'raced'> {
    const p = new Placeholders();
    const update = buildUserUpdate(changes, new Date().toISOString(), p);
    const movesEmail = changes.email !== undefined && changes.email !== current.email;
    const version = atVersion || movesEmail ? current.version : undefined;
    const change = { TableName: this.tables.users, Key: { user_id: current.user_id }, UpdateExpression: update.expression, ConditionExpression: existsCondition('user_id', version, p), ...p.params() };
    try {
      if (!movesEmail) {
        const out = await this.doc.send(new UpdateCommand({ ...change, ReturnValues: 'ALL_NEW' }));
        return toUser(out.Attributes ?? {});
      }
      await this.doc.send(new TransactWriteCommand({ TransactItems: [{ Update: change }, this.releaseClaim(current), this.claim(changes.email as string, current.user_id)] }));
      return (await this.get(current.user_id)) ?? 'raced';
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[2] === 'ConditionalCheckFailed') throw new ConflictError(`The email ${changes.email} is already in use`, { cause: err });
      if (codes?.[0] === 'ConditionalCheckFailed' || (err as Error).name === 'ConditionalCheckFailedException') return 'raced';
      throw transactionError(err, 'updating a user');
    }
  }

  private changesOf(input: UserUpdate): UserChanges {
    if (input.email === null || input.name === null) {
      throw ValidationError.of(input.email === null ? 'email' : 'name', 'must not be null');
    }
    const changes: UserChanges = {
      ...(input.email !== undefined ? { email: normalizeEmail(input.email) } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.age !== undefined ? { age: input.age } : {}),
    };
    if (!Object.keys(changes).length) throw ValidationError.of('input', 'give at least one of email, name, age');
    return changes;
  }

  /** Deletes the user, only at the version read (so the claim released with it is its current email). */
  private deleteAtVersion(current: UserItem) {
    return {
      Delete: {
        TableName: this.tables.users,
        Key: { user_id: current.user_id },
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': current.version },
      },
    };
  }

  /** Claims an email for a user; fails when another user holds it. */
  private claim(email: string, userId: string) {
    return { Put: { TableName: this.tables.userEmails, Item: { email, user_id: userId }, ConditionExpression: 'attribute_not_exists(#email)', ExpressionAttributeNames: { '#email': 'email' } } };
  }

  /** Deletes the user's email claim, if it still belongs to the user. */
  private releaseClaim(current: UserItem) {
    return {
      Delete: {
        TableName: this.tables.userEmails,
        Key: { email: current.email },
        ConditionExpression: 'attribute_not_exists(#email) OR #owner = :owner',
        ExpressionAttributeNames: { '#email': 'email', '#owner': 'user_id' },
        ExpressionAttributeValues: { ':owner': current.user_id },
      },
    };
  }

  private async read(userId: string): Promise<UserItem | undefined> {
    if (!USER_ID.test(userId)) return undefined; // no user can have such an id, and DynamoDB refuses an empty key
    const out = await this.call('reading a user', () => this.doc.send(new GetCommand({ TableName: this.tables.users, Key: { user_id: userId }, ConsistentRead: true })));
    return out.Item as UserItem | undefined;
  }


  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translateAwsError(err, what);
    }
  }
}

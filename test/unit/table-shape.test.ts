import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../../src/config';
import { indexKeyMismatch, indexProjectionMismatch, keyMismatch, keyText, missingIndexes } from '../../src/lib/table-shape';
import { tableDefinitions } from '../../src/setup';

// The definitions setup creates the tables from: the shapes the start checks found tables against.
const [users, orders] = tableDefinitions(loadConfig({})) as [CreateTableCommandInput, CreateTableCommandInput];
const emailIndex = users.GlobalSecondaryIndexes![0]!;

describe('table shapes', () => {
  it('writes a key partition key first, with attribute types', () => {
    expect(keyText([...orders.KeySchema!].reverse(), orders.AttributeDefinitions)).toBe('user_id (S) + order_date (S)');
  });

  it('finds a key that differs in names, types or parts, and accepts the same key', () => {
    expect(keyMismatch({ KeySchema: orders.KeySchema, AttributeDefinitions: orders.AttributeDefinitions }, orders)).toBeUndefined();
    expect(keyMismatch({ KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }], AttributeDefinitions: orders.AttributeDefinitions }, orders)).toBe('has key user_id (S) but the API needs user_id (S) + order_date (S)');
    const numeric = [{ AttributeName: 'user_id', AttributeType: 'S' as const }, { AttributeName: 'order_date', AttributeType: 'N' as const }];
    expect(keyMismatch({ KeySchema: orders.KeySchema, AttributeDefinitions: numeric }, orders)).toBe('has key user_id (S) + order_date (N) but the API needs user_id (S) + order_date (S)');
  });

  it('lists the missing indexes and tells an index of the same name on another key', () => {
    expect(missingIndexes({ KeySchema: users.KeySchema }, users)).toEqual([emailIndex]);
    expect(missingIndexes({ GlobalSecondaryIndexes: [{ IndexName: 'email-index' }] }, users)).toEqual([]);
    const found = { AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' as const }], GlobalSecondaryIndexes: [{ IndexName: 'email-index', KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' as const }] }] };
    expect(indexKeyMismatch(found, emailIndex, users.AttributeDefinitions)).toBe('has global index email-index on name (S) but the API needs it on email (S)');
    expect(indexKeyMismatch({ GlobalSecondaryIndexes: [] }, emailIndex, users.AttributeDefinitions)).toBeUndefined();
  });

  it('tells an index that projects less than the API reads, and accepts ALL', () => {
    const withProjection = (Projection: object) => ({ GlobalSecondaryIndexes: [{ IndexName: 'email-index', KeySchema: emailIndex.KeySchema, Projection }] });
    expect(indexProjectionMismatch(withProjection({ ProjectionType: 'ALL' }), emailIndex)).toBeUndefined();
    expect(indexProjectionMismatch(withProjection({ ProjectionType: 'KEYS_ONLY' }), emailIndex)).toBe('has global index email-index with projection KEYS_ONLY but the API needs ALL (it reads whole items from the index)');
    expect(indexProjectionMismatch(withProjection({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['name'] }), emailIndex)).toBe('has global index email-index with projection INCLUDE (name) but the API needs ALL (it reads whole items from the index)');
    expect(indexProjectionMismatch({ GlobalSecondaryIndexes: [] }, emailIndex)).toBeUndefined();
  });
});

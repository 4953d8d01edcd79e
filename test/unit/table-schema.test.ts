import { createTableRequest, itemKeyProblems, keyFrom, keyOf, keySizeProblem, tableMetaOf } from '../../src/datasources/table-schema';
import { validationFields } from '../helpers/validation';

const described = {
  TableName: 'orders',
  TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
  TableStatus: 'ACTIVE' as const,
  ItemCount: 7,
  AttributeDefinitions: [
    { AttributeName: 'user_id', AttributeType: 'S' as const },
    { AttributeName: 'order_date', AttributeType: 'S' as const },
    { AttributeName: 'status', AttributeType: 'S' as const },
    { AttributeName: 'amount', AttributeType: 'N' as const },
  ],
  KeySchema: [
    { AttributeName: 'user_id', KeyType: 'HASH' as const },
    { AttributeName: 'order_date', KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' as const }, { AttributeName: 'amount', KeyType: 'RANGE' as const }] }],
  LocalSecondaryIndexes: [{ IndexName: 'by-amount', KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' as const }, { AttributeName: 'amount', KeyType: 'RANGE' as const }] }],
};

describe('tableMetaOf', () => {
  it('shows the table with its keys, global indexes and item count, and knows every index key schema', () => {
    const meta = tableMetaOf(described);
    expect(meta.info).toEqual({
      name: 'orders',
      arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
      status: 'ACTIVE',
      partitionKey: { name: 'user_id', type: 'S' },
      sortKey: { name: 'order_date', type: 'S' },
      globalIndexes: [{ name: 'by-status', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'amount', type: 'N' } }],
      itemCount: 7,
    });
    expect([...meta.indexes.keys()]).toEqual(['by-status', 'by-amount']);
    expect(meta.indexes.get('by-amount')).toEqual({ partitionKey: { name: 'user_id', type: 'S' }, sortKey: { name: 'amount', type: 'N' } });
  });

  it('caps an item count beyond GraphQL Int at the largest Int', () => {
    expect(tableMetaOf({ ...described, ItemCount: 5_000_000_000 }).info.itemCount).toBe(2147483647);
  });
});

describe('keyFrom and itemKeyProblems', () => {
  const { key } = tableMetaOf(described);

  it('builds the key from exactly the key attributes', () => {
    expect(keyFrom(key, { user_id: 'u1', order_date: '2024-01-01' }, 'key')).toEqual({ user_id: { S: 'u1' }, order_date: { S: '2024-01-01' } });
  });

  it('names every missing, extra and mistyped key attribute', () => {
    expect(validationFields(() => keyFrom(key, { user_id: 5, extra: 1 }, 'key'))).toEqual([
      { field: 'key.extra', message: 'is not part of the key (user_id, order_date)' },
      { field: 'key.user_id', message: 'must be a non-empty string: key attribute user_id is of type S' },
      { field: 'key.order_date', message: 'is required: key attribute of type S' },
    ]);
    expect(validationFields(() => keyFrom(key, { user_id: '', order_date: 'x' }, 'key'))).toEqual([{ field: 'key.user_id', message: 'must be a non-empty string: key attribute user_id is of type S' }]);
  });

  it('checks an item carries its key attributes with the right types', () => {
    expect(itemKeyProblems(key, { user_id: { S: 'u' }, order_date: { N: '1' } }, 'item')).toEqual([{ field: 'item.order_date', message: 'must be a non-empty string: key attribute order_date is of type S' }]);
    expect(itemKeyProblems(key, { user_id: { S: 'u' }, order_date: { S: 'd' }, other: { N: '1' } }, 'item')).toEqual([]);
  });

  it('keyOf picks the named attributes', () => {
    expect(keyOf({ a: { S: '1' }, b: { N: '2' }, c: { BOOL: true } }, ['a', 'b', 'z'])).toEqual({ a: { S: '1' }, b: { N: '2' } });
  });
});

describe('createTableRequest', () => {
  it('builds an on-demand table with a simple key, S by default', () => {
    expect(createTableRequest({ name: 'Users', partitionKey: 'user_id' })).toEqual({
      TableName: 'Users',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
    });
  });

  it('adds the sort key with its type, and refuses one named like the partition key', () => {
    expect(createTableRequest({ name: 'T', partitionKey: 'p', partitionKeyType: 'N', sortKey: 's', sortKeyType: 'B' })).toMatchObject({
      AttributeDefinitions: [{ AttributeName: 'p', AttributeType: 'N' }, { AttributeName: 's', AttributeType: 'B' }],
      KeySchema: [{ AttributeName: 'p', KeyType: 'HASH' }, { AttributeName: 's', KeyType: 'RANGE' }],
    });
    expect(validationFields(() => createTableRequest({ name: 'T', partitionKey: 'p', sortKey: 'p' }))).toEqual([{ field: 'sortKey', message: 'must differ from partitionKey' }]);
  });
});

describe('keySizeProblem', () => {
  it('measures strings in UTF-8 and binary in bytes, against 2048 (partition) and 1024 (sort)', () => {
    expect(keySizeProblem({ S: 'x'.repeat(2048) }, 'partition')).toBeUndefined();
    expect(keySizeProblem({ S: 'é'.repeat(1025) }, 'partition')).toBe('is 2050 bytes; a partition key value is at most 2048 bytes');
    expect(keySizeProblem({ B: new Uint8Array(1025) }, 'sort')).toBe('is 1025 bytes; a sort key value is at most 1024 bytes');
    expect(keySizeProblem({ N: '1'.repeat(38) }, 'sort')).toBeUndefined();
  });
});

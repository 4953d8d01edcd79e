import type { Store } from 'dynalite/db';
import { validate } from '../../src/local/dynamodb/store';

/** validate() as the local transactions call it, with the parsed-condition cache. */
describe('local DynamoDB validate', () => {
  const store = { options: { maxItemSize: 400 * 1024 } } as unknown as Store;
  const put = (id: string, extra: Record<string, unknown> = {}) => ({
    TableName: 'users',
    Item: { user_id: { S: id }, name: { S: 'A' } },
    ConditionExpression: 'attribute_not_exists(#k)',
    ExpressionAttributeNames: { '#k': 'user_id' },
    ...extra,
  });

  it('parses a repeated condition once and keeps the request as sent', () => {
    const first = validate('put', put('a'), store);
    const second = validate('put', put('b'), store);
    expect(second._condition).toBe(first._condition);
    expect(second).toMatchObject({ Item: { user_id: { S: 'b' } }, ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': 'user_id' } });
  });

  it('tells conditions apart by their names and values', () => {
    const byId = validate('put', put('c'), store);
    const byName = validate('put', put('c', { ExpressionAttributeNames: { '#k': 'name' } }), store);
    expect(byName._condition).not.toBe(byId._condition);
    expect((byName._condition as { pathHeads: object }).pathHeads).toEqual({ name: true });
  });

  it('still refuses what dynalite refuses once the condition is known', () => {
    validate('put', put('d'), store);
    expect(() => validate('put', put('d', { Expected: { user_id: { Exists: false } } }), store)).toThrow(/Can not use both expression and non-expression parameters/);
    expect(() => validate('put', put('d', { ExpressionAttributeNames: { '#k': 'user_id', '#x': 'y' } }), store)).toThrow(/unused in expressions/);
  });
});

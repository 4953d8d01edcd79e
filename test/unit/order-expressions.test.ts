import { buildOrderKeyCondition, sortKeyProblem } from '../../src/datasources/orders.expressions';
import { ValidationError } from '../../src/errors';
import { isIsoDate } from '../../src/types/order.input';

describe('buildOrderKeyCondition', () => {
  it('is the partition key alone without a filter', () => {
    expect(buildOrderKeyCondition('u1', undefined)).toEqual({ expression: '#n0 = :v0', names: { '#n0': 'user_id' }, values: { ':v0': 'u1' } });
  });

  it.each([
    [{ equals: '2024-01-01' }, '#n0 = :v0 AND #n1 = :v1', { ':v0': 'u1', ':v1': '2024-01-01' }],
    [{ beginsWith: '2024-01' }, '#n0 = :v0 AND begins_with(#n1, :v1)', { ':v0': 'u1', ':v1': '2024-01' }],
    [{ between: ['2024-01-01', '2024-02-01'] }, '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2', { ':v0': 'u1', ':v1': '2024-01-01', ':v2': '2024-02-01' }],
    [{ before: '2024-01-01' }, '#n0 = :v0 AND #n1 < :v1', { ':v0': 'u1', ':v1': '2024-01-01' }],
    [{ after: '2024-01-01' }, '#n0 = :v0 AND #n1 > :v1', { ':v0': 'u1', ':v1': '2024-01-01' }],
  ])('builds %j', (filter, expression, values) => {
    expect(buildOrderKeyCondition('u1', filter)).toEqual({ expression, names: { '#n0': 'user_id', '#n1': 'order_date' }, values });
  });

  it.each([
    [{ equals: 'a', before: 'b' }, ['filter.equals', 'filter.before']],
    [{}, ['filter']],
    [{ equals: null }, ['filter']],
    [{ between: ['a', 'b', 'c'] }, ['filter.between']],
    [{ between: ['b', 'a'] }, ['filter.between']],
    [{ beginsWith: '' }, ['filter.beginsWith']],
  ])('refuses %j', (filter, fields) => {
    try {
      buildOrderKeyCondition('u1', filter);
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fields.map((f) => f.field)).toEqual(fields);
    }
  });
});

describe('isIsoDate', () => {
  it.each(['2024-01-15', '2024-02-29', '2024-01-15T10:30Z', '2024-01-15T10:30:00Z', '2024-01-15T10:30:00.123+02:00', '2024-01-15T10:30:00'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });
  it.each(['2023-02-29', '2024-13-01', '2024-1-5', '15/01/2024', '2024-01-15T25:00:00Z', '2024-01-15 10:30', ''])('refuses %s', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('sortKeyProblem', () => {
  it('allows up to 1024 bytes of UTF-8, DynamoDB\'s longest sort key', () => {
    expect(sortKeyProblem('2'.repeat(1024))).toBeUndefined();
    expect(sortKeyProblem('2'.repeat(1025))).toBe('must be at most 1024 bytes, the longest sort key DynamoDB stores');
    expect(sortKeyProblem('é'.repeat(513))).toBe('must be at most 1024 bytes, the longest sort key DynamoDB stores');
  });

  it('is checked on every value of a filter', () => {
    expect(() => buildOrderKeyCondition('u1', { after: 'x'.repeat(1025) })).toThrow(ValidationError);
    expect(() => buildOrderKeyCondition('u1', { between: ['2024', 'x'.repeat(1025)] })).toThrow(ValidationError);
  });
});

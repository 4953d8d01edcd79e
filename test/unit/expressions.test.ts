import { compareScalars, conditionText, filterExpression, keyConditionExpression, Placeholders, type Condition } from '../../src/datasources/expressions';
import { ValidationError } from '../../src/errors';

const cond = (attribute: string, operator: Condition['operator'], values: Condition['values'] = []): Condition => ({ attribute, operator, values, field: 'filter.0' });

describe('Placeholders', () => {
  it('gives each distinct name one #n placeholder and each value its own :v placeholder', () => {
    const ph = new Placeholders();
    expect(ph.name('status')).toBe('#n0');
    expect(ph.name('a.b')).toBe('#n1');
    expect(ph.name('status')).toBe('#n0');
    expect(ph.value({ S: 'x' })).toBe(':v0');
    expect(ph.value({ S: 'x' })).toBe(':v1');
    expect(ph.params()).toEqual({
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'a.b' },
      ExpressionAttributeValues: { ':v0': { S: 'x' }, ':v1': { S: 'x' } },
    });
  });

  it('leaves out empty maps, which DynamoDB refuses', () => {
    expect(new Placeholders().params()).toEqual({});
    const ph = new Placeholders();
    ph.name('a');
    expect(ph.params()).toEqual({ ExpressionAttributeNames: { '#n0': 'a' } });
  });
});

describe('conditionText', () => {
  it.each([
    ['EQ', '#n0 = :v0'],
    ['NE', '#n0 <> :v0'],
    ['LT', '#n0 < :v0'],
    ['LTE', '#n0 <= :v0'],
    ['GT', '#n0 > :v0'],
    ['GTE', '#n0 >= :v0'],
    ['BEGINS_WITH', 'begins_with(#n0, :v0)'],
    ['CONTAINS', 'contains(#n0, :v0)'],
  ] as const)('%s with one value', (operator, text) => {
    expect(conditionText(new Placeholders(), cond('price', operator, [{ S: 'a' }]))).toBe(text);
  });

  it('BETWEEN, IN, EXISTS, NOT_EXISTS', () => {
    expect(conditionText(new Placeholders(), cond('p', 'BETWEEN', [{ N: '1' }, { N: '2' }]))).toBe('#n0 BETWEEN :v0 AND :v1');
    expect(conditionText(new Placeholders(), cond('p', 'IN', [{ S: 'a' }, { S: 'b' }, { S: 'c' }]))).toBe('#n0 IN (:v0, :v1, :v2)');
    expect(conditionText(new Placeholders(), cond('p', 'EXISTS'))).toBe('attribute_exists(#n0)');
    expect(conditionText(new Placeholders(), cond('p', 'NOT_EXISTS'))).toBe('attribute_not_exists(#n0)');
  });

  it('never puts a client name or value into the expression text', () => {
    const ph = new Placeholders();
    const hostile = ['a.b', 'first name', 'status', 'x) OR (attribute_exists(y)', '#n0', ':v0', 'size'];
    const texts = hostile.map((name) => conditionText(ph, cond(name, 'EQ', [{ S: `:v9 OR ${name} = :v0` }])));
    for (const text of texts) expect(text).toMatch(/^#n\d+ = :v\d+$/);
    expect(ph.params().ExpressionAttributeNames).toEqual(Object.fromEntries(hostile.map((name, i) => [`#n${i}`, name])));
    expect(ph.params().ExpressionAttributeValues?.[':v3']).toEqual({ S: ':v9 OR x) OR (attribute_exists(y) = :v0' });
  });

  it.each([
    ['EQ', 0, 'EQ takes exactly 1 value, got 0'],
    ['EQ', 2, 'EQ takes exactly 1 value, got 2'],
    ['BETWEEN', 1, 'BETWEEN takes exactly 2 values, got 1'],
    ['EXISTS', 1, 'EXISTS takes exactly 0 values, got 1'],
    ['IN', 0, 'IN takes 1 to 100 values, got 0'],
    ['IN', 101, 'IN takes 1 to 100 values, got 101'],
  ] as const)('%s with %d values is refused on the values field', (operator, count, message) => {
    const values = Array.from({ length: count }, (_, i) => ({ N: String(i) }));
    expect(() => conditionText(new Placeholders(), cond('p', operator, values))).toThrow(new ValidationError([{ field: 'filter.0.values', message }]));
  });

  it('refuses ordering comparisons of anything but strings, numbers and binary, and BETWEEN of mixed types', () => {
    expect(() => conditionText(new Placeholders(), cond('p', 'LT', [{ BOOL: true }]))).toThrow('LT compares strings, numbers or binary values only');
    expect(() => conditionText(new Placeholders(), cond('p', 'GTE', [{ L: [] }]))).toThrow('GTE compares strings, numbers or binary values only');
    expect(() => conditionText(new Placeholders(), cond('p', 'BETWEEN', [{ N: '1' }, { S: '2' }]))).toThrow('BETWEEN takes two values of the same type');
    expect(conditionText(new Placeholders(), cond('p', 'EQ', [{ BOOL: true }]))).toBe('#n0 = :v0');
    expect(conditionText(new Placeholders(), cond('p', 'GT', [{ B: new Uint8Array([1]) }]))).toBe('#n0 > :v0');
  });

  it('refuses a reversed BETWEEN range, ordered as DynamoDB orders values', () => {
    const between = (values: Condition['values']) => () => conditionText(new Placeholders(), cond('p', 'BETWEEN', values));
    expect(between([{ N: '10' }, { N: '9' }])).toThrow(new ValidationError([{ field: 'filter.0.values', message: 'BETWEEN takes the lower bound first' }]));
    expect(between([{ S: 'b' }, { S: 'a' }])).toThrow('lower bound first');
    expect(between([{ N: '9' }, { N: '10' }])()).toBe('#n0 BETWEEN :v0 AND :v1');
    expect(between([{ N: '1.5' }, { N: '1.5' }])()).toBe('#n0 BETWEEN :v0 AND :v1');
  });

  it('compareScalars orders numbers by value, strings by UTF-8 bytes, binary by unsigned bytes', () => {
    expect(compareScalars({ N: '9' }, { N: '10' })).toBe(-1);
    expect(compareScalars({ S: 'Z' }, { S: 'a' })).toBe(-1);
    expect(compareScalars({ S: 'z' }, { S: 'é' })).toBe(-1);
    expect(compareScalars({ S: '\uFFFF' }, { S: '\u{1F600}' })).toBe(-1); // UTF-16 order would say the opposite
    expect(compareScalars({ B: new Uint8Array([0x7f]) }, { B: new Uint8Array([0x80]) })).toBe(-1);
  });

  it('refuses BEGINS_WITH on a number and an empty attribute name', () => {
    expect(() => conditionText(new Placeholders(), cond('p', 'BEGINS_WITH', [{ N: '1' }]))).toThrow('BEGINS_WITH takes a string or binary value');
    try {
      conditionText(new Placeholders(), cond('', 'EXISTS'));
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect((err as ValidationError).fields).toEqual([{ field: 'filter.0.attribute', message: 'must not be empty' }]);
    }
  });
});

describe('filterExpression and keyConditionExpression', () => {
  it('ANDs conditions, each in parentheses, and shares placeholders for a repeated name', () => {
    const ph = new Placeholders();
    const text = filterExpression(ph, [cond('age', 'GTE', [{ N: '18' }]), cond('age', 'LT', [{ N: '65' }]), cond('name', 'BEGINS_WITH', [{ S: 'A' }])]);
    expect(text).toBe('(#n0 >= :v0) AND (#n0 < :v1) AND (begins_with(#n1, :v2))');
    expect(ph.params().ExpressionAttributeNames).toEqual({ '#n0': 'age', '#n1': 'name' });
  });

  it('is undefined without conditions and unparenthesised with one', () => {
    expect(filterExpression(new Placeholders(), [])).toBeUndefined();
    expect(filterExpression(new Placeholders(), [cond('a', 'EXISTS')])).toBe('attribute_exists(#n0)');
  });

  it('builds a key condition on the partition key and an optional sort-key condition', () => {
    const ph = new Placeholders();
    expect(keyConditionExpression(ph, { name: 'user_id', value: { S: 'u1' } })).toBe('#n0 = :v0');
    const text = keyConditionExpression(ph, { name: 'user_id', value: { S: 'u1' } }, { name: 'order date', operator: 'BETWEEN', values: [{ S: '2024-01-01' }, { S: '2024-03-31' }], field: 'sortKey' });
    expect(text).toBe('#n0 = :v1 AND #n1 BETWEEN :v2 AND :v3');
    expect(ph.params().ExpressionAttributeNames).toEqual({ '#n0': 'user_id', '#n1': 'order date' });
  });

  it('reports sort-key arity errors on sortKey.values', () => {
    expect(() => keyConditionExpression(new Placeholders(), { name: 'pk', value: { S: 'a' } }, { name: 'sk', operator: 'BETWEEN', values: [{ S: 'a' }], field: 'sortKey' })).toThrow(
      new ValidationError([{ field: 'sortKey.values', message: 'BETWEEN takes exactly 2 values, got 1' }]),
    );
  });
});

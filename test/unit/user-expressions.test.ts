import { buildUpdate, existsCondition, Placeholders } from '../../src/datasources/doc.expressions';
import { buildUserFilter, buildUserUpdate, matchesUserFilter } from '../../src/datasources/users.expressions';
import { ValidationError } from '../../src/errors';

const NOW = '2024-05-01T00:00:00.000Z';

describe('buildUpdate', () => {
  it('puts every attribute name behind a placeholder, reserved words included', () => {
    expect(buildUpdate({ set: { name: 'Ann', status: 'x' }, remove: ['age'], increment: { version: 1 } })).toEqual({
      expression: 'SET #n0 = :v0, #n1 = :v1, #n2 = #n2 + :v2 REMOVE #n3',
      names: { '#n0': 'name', '#n1': 'status', '#n2': 'version', '#n3': 'age' },
      values: { ':v0': 'Ann', ':v1': 'x', ':v2': 1 },
    });
  });

  it('takes attribute names literally, whatever they contain', () => {
    const out = buildUpdate({ set: { 'a.b = :x, #y': 1 } });
    expect(out.expression).toBe('SET #n0 = :v0');
    expect(out.names).toEqual({ '#n0': 'a.b = :x, #y' });
  });

  it('refuses an update with nothing in it', () => {
    expect(() => buildUpdate({})).toThrow('at least one attribute');
  });

  it('shares placeholders with a condition built on the same Placeholders', () => {
    const p = new Placeholders();
    const update = buildUpdate({ increment: { version: 1 } }, p);
    const condition = existsCondition('user_id', 3, p);
    expect(update.expression).toBe('SET #n0 = #n0 + :v0');
    expect(condition).toBe('attribute_exists(#n1) AND #n0 = :v1');
    expect(p.params()).toEqual({ ExpressionAttributeNames: { '#n0': 'version', '#n1': 'user_id' }, ExpressionAttributeValues: { ':v0': 1, ':v1': 3 } });
  });

  it('leaves out empty maps, which DynamoDB refuses', () => {
    expect(new Placeholders().params()).toEqual({});
  });
});

describe('buildUserUpdate', () => {
  it('sets only the given fields, bumps the version and stamps updated_at', () => {
    expect(buildUserUpdate({ name: 'Bo' }, NOW)).toEqual({
      expression: 'SET #n0 = :v0, #n1 = :v1, #n2 = #n2 + :v2',
      names: { '#n0': 'updated_at', '#n1': 'name', '#n2': 'version' },
      values: { ':v0': NOW, ':v1': 'Bo', ':v2': 1 },
    });
  });

  it('removes the age on null and sets it on a number', () => {
    expect(buildUserUpdate({ age: null }, NOW).expression).toBe('SET #n0 = :v0, #n1 = #n1 + :v1 REMOVE #n2');
    expect(buildUserUpdate({ age: null }, NOW).names['#n2']).toBe('age');
    expect(buildUserUpdate({ age: 0 }, NOW).values).toEqual({ ':v0': NOW, ':v1': 0, ':v2': 1 });
  });
});

describe('buildUserFilter', () => {
  it('is undefined without conditions', () => {
    expect(buildUserFilter(undefined)).toBeUndefined();
    expect(buildUserFilter({})).toBeUndefined();
  });

  it('joins every condition with AND', () => {
    expect(buildUserFilter({ nameBeginsWith: 'Al', emailDomain: 'Acme.IO', minAge: 18, maxAge: 65 })).toEqual({
      expression: 'begins_with(#n0, :v0) AND contains(#n1, :v1) AND #n2 >= :v2 AND #n2 <= :v3',
      names: { '#n0': 'name', '#n1': 'email', '#n2': 'age' },
      values: { ':v0': 'Al', ':v1': '@acme.io', ':v2': 18, ':v3': 65 },
    });
  });

  it.each([
    [{ minAge: 30, maxAge: 20 }, 'filter.minAge'],
    [{ minAge: -1 }, 'filter.minAge'],
    [{ maxAge: 151 }, 'filter.maxAge'],
    [{ emailDomain: 'acme' }, 'filter.emailDomain'],
    [{ nameBeginsWith: '' }, 'filter.nameBeginsWith'],
  ])('refuses %j naming %s', (filter, field) => {
    try {
      buildUserFilter(filter);
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fields.map((f) => f.field)).toEqual([field]);
    }
  });

  it('checks the email domain exactly after the approximate contains()', () => {
    expect(matchesUserFilter({ email: 'a@acme.io' }, { emailDomain: 'ACME.io' })).toBe(true);
    expect(matchesUserFilter({ email: 'a@acme.io.evil.com' }, { emailDomain: 'acme.io' })).toBe(false);
    expect(matchesUserFilter({ email: 'a@sub.acme.io' }, { emailDomain: 'acme.io' })).toBe(false);
    expect(matchesUserFilter({ email: 'x' }, {})).toBe(true);
  });
});

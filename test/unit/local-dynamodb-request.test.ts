import { jsonDeeperThan } from '../../src/local/dynamodb/request';

describe('jsonDeeperThan', () => {
  const text = (s: string) => Buffer.from(s);

  it('counts object and array nesting', () => {
    expect(jsonDeeperThan(text('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(jsonDeeperThan(text('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(jsonDeeperThan(text('{}{}{}{}'), 1)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDeeperThan(text('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    expect(jsonDeeperThan(text('{"a":"\\"[[[[\\\\"}'), 1)).toBe(false);
    expect(jsonDeeperThan(text('{"a":"\\\\",[[1]]}'), 2)).toBe(true);
  });
});

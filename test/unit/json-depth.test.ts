import { jsonDeeperThan } from '../../src/types/common';

describe('jsonDeeperThan', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(jsonDeeperThan(1, 0)).toBe(false);
    expect(jsonDeeperThan([], 0)).toBe(true);
    expect(jsonDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(jsonDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
  });

  it('measures a million levels without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(jsonDeeperThan(deep, 100)).toBe(true);
    expect(jsonDeeperThan(deep, 1_000_000)).toBe(false);
  });
});

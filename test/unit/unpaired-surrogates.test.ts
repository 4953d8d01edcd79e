import { unpairedSurrogatePath } from '../../src/lib/validate';

describe('unpairedSurrogatePath', () => {
  it('finds a lone surrogate in a value or a key, at any depth', () => {
    expect(unpairedSurrogatePath({ a: [{ b: 'ok' }, { b: 'x\udc00' }] })).toBe('a.1.b');
    expect(unpairedSurrogatePath({ a: { '\ud800': 1 } })).toBe('a.\ud800');
    expect(unpairedSurrogatePath('\ud800')).toBe('');
  });

  it('walks 200 000 levels without recursion', () => {
    let deep: unknown = 'x\ud800';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unpairedSurrogatePath(deep)?.split('.')).toHaveLength(200_000);
  });

  it('passes pairs and values without strings', () => {
    expect(unpairedSurrogatePath({ a: '\ud83d\ude00', '\ud83d\ude00': [1, null, true] })).toBeUndefined();
  });
});

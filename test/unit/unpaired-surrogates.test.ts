import { unpairedSurrogatePath } from '../../src/lib/validate';

describe('unpairedSurrogatePath', () => {
  it('finds a lone surrogate in a value or a key, at any depth', () => {
    expect(unpairedSurrogatePath({ a: [{ b: 'ok' }, { b: 'x\udc00' }] })).toBe('a.1.b');
    expect(unpairedSurrogatePath({ a: { '\ud800': 1 } })).toBe('a.\ufffd');
    expect(unpairedSurrogatePath('\ud800')).toBe('');
  });

  it('names a key holding one with U+FFFD in its place, so the error carries none back', () => {
    const path = unpairedSurrogatePath({ notes: [{ ok: 1 }, { 'te\ud800xt': 'v' }] });
    expect(path).toBe('notes.1.te\ufffdxt');
    expect(unpairedSurrogatePath({ '\ud83d\ude00': { 'a\udc00\udc00b': 1 } })).toBe('\ud83d\ude00.a\ufffd\ufffdb');
    expect(unpairedSurrogatePath({ 'x\ud800': { 'y\udfff': 'z\ud800' } })).toBe('x\ufffd');
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

import { CursorCodec, InvalidCursorError } from '../../src/lib/cursor';

describe('CursorCodec', () => {
  const codec = new CursorCodec('secret');
  const key = { user_id: 'u-17', n: 3 };

  it('round-trips a position within its scope', () => {
    expect(codec.decode('users', codec.encode('users', key))).toEqual(key);
  });

  it('refuses a token of another scope, another secret, or an edited payload', () => {
    const token = codec.encode('orders:u1', key);
    expect(() => codec.decode('orders:u2', token)).toThrow(InvalidCursorError);
    expect(() => new CursorCodec('other').decode('orders:u1', token)).toThrow(InvalidCursorError);
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: { user_id: 'admin' }, t: Date.now() })).toString('base64url')}.${sig}`;
    expect(() => codec.decode('orders:u1', forged)).toThrow(InvalidCursorError);
  });

  it('refuses garbage and expired tokens', () => {
    expect(() => codec.decode('users', 'not-a-token')).toThrow('nextToken is malformed');
    const old = codec.encode('users', key, 0);
    expect(() => codec.decode('users', old, 25 * 60 * 60 * 1000)).toThrow('nextToken has expired; start from the first page');
  });
});

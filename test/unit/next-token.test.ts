import { decodeNextToken } from '../../src/datasources/next-token';
import { ValidationError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';

const cursors = new CursorCodec('next-token-test');

function fieldsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).fields;
  }
  throw new Error('did not throw');
}

describe('decodeNextToken', () => {
  it('returns the position of a token issued for the same list', () => {
    expect(decodeNextToken<string>(cursors, 'topics', cursors.encode('topics', 'marker-2'))).toBe('marker-2');
  });

  it('refuses a token of another list as BAD_USER_INPUT on nextToken', () => {
    const token = cursors.encode('queues', 'marker-2');
    expect(fieldsOf(() => decodeNextToken(cursors, 'topics', token))).toEqual([{ field: 'nextToken', message: 'nextToken was not issued for this list or has been altered' }]);
  });

  it('refuses a token that is not one', () => {
    expect(fieldsOf(() => decodeNextToken(cursors, 'topics', 'not-a-token'))).toEqual([{ field: 'nextToken', message: 'nextToken is malformed' }]);
  });

  it('refuses a position of the wrong shape as malformed', () => {
    const token = cursors.encode('functions', { o: -1 });
    const isPosition = (p: unknown) => Number.isInteger((p as { o?: number }).o) && (p as { o: number }).o >= 0;
    expect(fieldsOf(() => decodeNextToken(cursors, 'functions', token, isPosition))).toEqual([{ field: 'nextToken', message: 'nextToken is malformed' }]);
    expect(decodeNextToken(cursors, 'functions', cursors.encode('functions', { o: 3 }), isPosition)).toEqual({ o: 3 });
  });
});

import { decodeNextToken } from '../../src/datasources/next-token';
import { CursorCodec } from '../../src/lib/cursor';
import { validationFields } from '../helpers/validation';

const cursors = new CursorCodec('next-token-test');

describe('decodeNextToken', () => {
  it('returns the position of a token issued for the same list', () => {
    expect(decodeNextToken<string>(cursors, 'topics', cursors.encode('topics', 'marker-2'))).toBe('marker-2');
  });

  it('refuses a token of another list as BAD_USER_INPUT on nextToken', () => {
    const token = cursors.encode('queues', 'marker-2');
    expect(validationFields(() => decodeNextToken(cursors, 'topics', token))).toEqual([{ field: 'nextToken', message: 'nextToken was not issued for this list or has been altered' }]);
  });

  it('refuses a token that is not one', () => {
    expect(validationFields(() => decodeNextToken(cursors, 'topics', 'not-a-token'))).toEqual([{ field: 'nextToken', message: 'nextToken is malformed' }]);
  });

  it('refuses a position of the wrong shape as malformed', () => {
    const token = cursors.encode('functions', { o: -1 });
    const isPosition = (p: unknown) => Number.isInteger((p as { o?: number }).o) && (p as { o: number }).o >= 0;
    expect(validationFields(() => decodeNextToken(cursors, 'functions', token, isPosition))).toEqual([{ field: 'nextToken', message: 'nextToken is malformed' }]);
    expect(decodeNextToken(cursors, 'functions', cursors.encode('functions', { o: 3 }), isPosition)).toEqual({ o: 3 });
  });
});

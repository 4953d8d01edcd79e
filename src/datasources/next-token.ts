import { ValidationError } from '../errors';
import { InvalidCursorError, type CursorCodec } from '../lib/cursor';

/**
 * The position in a nextToken issued for the list `scope`; BAD_USER_INPUT on nextToken when it
 * was not issued for that list, was altered or has expired. `isPosition` checks the position's
 * shape (a token of an older build may carry another).
 */
export function decodeNextToken<T>(cursors: CursorCodec, scope: string, token: string, isPosition: (p: unknown) => boolean = () => true): T {
  let position: unknown;
  try {
    position = cursors.decode<unknown>(scope, token);
  } catch (err) {
    if (err instanceof InvalidCursorError || err instanceof SyntaxError) throw ValidationError.of('nextToken', err.message);
    throw err;
  }
  if (!isPosition(position)) throw ValidationError.of('nextToken', 'nextToken is malformed');
  return position as T;
}

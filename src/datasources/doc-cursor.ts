import { ValidationError } from '../errors';
import { InvalidCursorError, type CursorCodec } from '../lib/cursor';

/** The DynamoDB start key (document-client values) in a nextToken; BAD_USER_INPUT on nextToken when it was not issued for `scope`. */
export function decodeStartKey(cursors: CursorCodec, scope: string, token: string): Record<string, unknown> {
  try {
    const key = cursors.decode<unknown>(scope, token);
    if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursorError('nextToken is malformed');
    return key as Record<string, unknown>;
  } catch (err) {
    if (err instanceof InvalidCursorError || err instanceof SyntaxError) throw ValidationError.of('nextToken', err.message);
    throw err;
  }
}

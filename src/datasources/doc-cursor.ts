import type { CursorCodec } from '../lib/cursor';
import { decodeNextToken } from './next-token';

/** The DynamoDB start key (document-client values) in a nextToken; BAD_USER_INPUT on nextToken when it was not issued for `scope`. */
export function decodeStartKey(cursors: CursorCodec, scope: string, token: string): Record<string, unknown> {
  return decodeNextToken(cursors, scope, token, (key) => !!key && typeof key === 'object' && !Array.isArray(key));
}

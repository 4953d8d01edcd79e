import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Raised for a nextToken that was not issued by this server for this list, or has expired. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** How long a nextToken stays valid (24 h). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Opaque, tamper-evident page tokens: the position (a DynamoDB LastEvaluatedKey, an AWS
 * NextToken, ...) is signed with HMAC-SHA256 together with the list it belongs to, so a token
 * can't be edited, forged, or replayed against another list.
 */
export class CursorCodec {
  private readonly key: Buffer;

  /** `secret` should be shared by every process behind one load balancer; random when omitted. */
  constructor(secret?: string) {
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  /** Encodes a position of the list `scope` (e.g. `users`, `orders:u1`). */
  encode(scope: string, position: unknown, now = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ p: position, t: now })).toString('base64url');
    return `${payload}.${this.sign(scope, payload)}`;
  }

  /** Decodes a token issued by `encode` for the same scope; throws InvalidCursorError otherwise. */
  decode<T = unknown>(scope: string, token: string, now = Date.now()): T {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) throw new InvalidCursorError('nextToken is malformed');
    const expected = Buffer.from(this.sign(scope, payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new InvalidCursorError('nextToken was not issued for this list or has been altered');
    }
    const { p, t } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p: T; t: number };
    if (now - t > MAX_AGE_MS) throw new InvalidCursorError('nextToken has expired; start from the first page');
    return p;
  }

  private sign(scope: string, payload: string): string {
    return createHmac('sha256', this.key).update(scope).update('\0').update(payload).digest('base64url');
  }
}

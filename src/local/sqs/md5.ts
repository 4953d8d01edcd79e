import { createHash, type Hash } from 'node:crypto';
import type { LocalMessageAttribute } from '../service';

/** Hex MD5 of a message body's UTF-8 bytes (MD5OfMessageBody / MD5OfBody). */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

const STRING_TRANSPORT = Buffer.from([1]);
const BINARY_TRANSPORT = Buffer.from([2]);

/**
 * MD5OfMessageAttributes as AWS computes it (and the SDKs verify it): for each attribute in
 * name order, the 4-byte big-endian length and UTF-8 bytes of the name, then of the data type,
 * then a transport byte (1 string, 2 binary) and the length-prefixed value.
 * Returns undefined for no attributes, as AWS then omits the field.
 */
export function md5OfAttributes(attributes: Record<string, LocalMessageAttribute> | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes);
  if (names.length === 0) return undefined;
  names.sort(byCodePoint);
  const hash = createHash('md5');
  for (const name of names) {
    const attribute = attributes[name] as LocalMessageAttribute;
    update(hash, Buffer.from(name, 'utf8'));
    update(hash, Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValue !== undefined) {
      hash.update(BINARY_TRANSPORT);
      update(hash, attribute.BinaryValue);
    } else {
      hash.update(STRING_TRANSPORT);
      update(hash, Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

function update(hash: Hash, bytes: Buffer): void {
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(bytes.length, 0);
  hash.update(length);
  hash.update(bytes);
}

/** Sorts as Java's String.compareTo and Python's sorted do for the characters attribute names allow. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

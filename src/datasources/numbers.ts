/**
 * DynamoDB numbers are decimals of up to 38 significant digits, sent and stored as strings.
 * These pure functions keep them exact: a number is normalised the way DynamoDB normalises it
 * (so what we echo is what DynamoDB stores, on AWS and on every emulator), and it becomes a
 * JSON number only when a JSON client reads back exactly that decimal.
 */

/** Thrown for a string that is not a DynamoDB number; the message says why. */
export class NumberFormatError extends Error {
  override name = 'NumberFormatError';
}

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_DIGITS = 38;
/** DynamoDB's range: magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125. */
const MIN_EXPONENT = -130;
const MAX_EXPONENT = 125;

/**
 * The canonical form of a decimal string, as DynamoDB returns it: plain notation, no leading
 * zeros, no trailing zeros after the point, no "+" and no "-0" (e.g. "1.50" -> "1.5",
 * "1E+2" -> "100", ".5" -> "0.5"). Throws NumberFormatError for anything DynamoDB would reject.
 */
export function canonicalDecimal(text: string): string {
  const match = DECIMAL.exec(text.trim());
  const [, sign = '', int = '', frac = '', exp = '0'] = match ?? [];
  if (!match || (int === '' && frac === '')) throw new NumberFormatError(`"${clip(text)}" is not a number`);
  const allDigits = `${int}${frac}`;
  const firstNonZero = allDigits.search(/[1-9]/);
  if (firstNonZero < 0) return '0';
  const digits = allDigits.slice(firstNonZero).replace(/0+$/, '');
  // Decimal exponent of the first significant digit (d.ddd x 10^e).
  const exponent = int.length - 1 - firstNonZero + Number(exp);
  if (digits.length > MAX_DIGITS) throw new NumberFormatError(`has more than ${MAX_DIGITS} significant digits, the most DynamoDB stores`);
  if (exponent > MAX_EXPONENT) throw new NumberFormatError('is larger in magnitude than DynamoDB allows (about 1E+126)');
  if (exponent < MIN_EXPONENT) throw new NumberFormatError('is smaller in magnitude than DynamoDB allows (1E-130)');
  return sign + plain(digits, exponent);
}

function plain(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return digits + '0'.repeat(exponent + 1 - digits.length);
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/**
 * A JSON number from a client as a DynamoDB number. JSON numbers reach the API as IEEE
 * doubles, written back as the shortest decimal that reads as the same double (0.1 stays "0.1",
 * not "0.1000000000000000055511151231257827"). An integer beyond 2^53-1 may already have been
 * rounded on its way in (12345678901234567890 arrives as 12345678901234567000), so it is refused:
 * such numbers must be sent as {"$number": "12345678901234567890"}.
 */
export function decimalFromNumber(value: number): string {
  if (!Number.isFinite(value)) throw new NumberFormatError('must be a finite number');
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new NumberFormatError('is an integer beyond 2^53-1, which JSON numbers cannot carry exactly; send it as {"$number": "<digits>"}');
  }
  return canonicalDecimal(String(value));
}

/**
 * How a stored DynamoDB number is given to a client: a JSON number when a JSON client reading
 * it gets exactly the stored decimal and could send it back as it is (a double whose shortest
 * form is this decimal, and not an integer beyond 2^53-1); otherwise the decimal string itself,
 * for the caller to wrap.
 */
export function jsonNumberOf(decimal: string): number | undefined {
  const canonical = canonicalOrSelf(decimal);
  const value = Number(canonical);
  if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) return undefined;
  return canonicalOrSelf(String(value)) === canonical ? value : undefined;
}

/** Emulators may store a number as it was sent (moto does); compare canonical forms anyway. */
function canonicalOrSelf(text: string): string {
  try {
    return canonicalDecimal(text);
  } catch {
    return text;
  }
}

/** Orders two decimals exactly (-1, 0, 1), as DynamoDB orders numbers; no conversion to doubles. */
export function compareDecimals(a: string, b: string): number {
  const x = canonicalDecimal(a);
  const y = canonicalDecimal(b);
  const xNeg = x.startsWith('-');
  const yNeg = y.startsWith('-');
  if (xNeg !== yNeg) return xNeg ? -1 : 1;
  const magnitude = compareMagnitudes(xNeg ? x.slice(1) : x, yNeg ? y.slice(1) : y);
  return xNeg ? -magnitude : magnitude;
}

function compareMagnitudes(x: string, y: string): number {
  const [xi = '', xf = ''] = x.split('.');
  const [yi = '', yf = ''] = y.split('.');
  if (xi.length !== yi.length) return Math.sign(xi.length - yi.length);
  const width = Math.max(xf.length, yf.length);
  const xs = xi + xf.padEnd(width, '0');
  const ys = yi + yf.padEnd(width, '0');
  return xs === ys ? 0 : xs < ys ? -1 : 1;
}

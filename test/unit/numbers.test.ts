import { canonicalDecimal, compareDecimals, decimalFromNumber, jsonNumberOf, NumberFormatError } from '../../src/datasources/numbers';

describe('canonicalDecimal: DynamoDB normal form', () => {
  it.each([
    ['0.1', '0.1'],
    ['1.50', '1.5'],
    ['1e2', '100'],
    ['1E+2', '100'],
    ['-0', '0'],
    ['0.000', '0'],
    ['00012', '12'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-12.3400e-2', '-0.1234'],
    ['12345678901234567890', '12345678901234567890'],
    ['0.30000000000000004', '0.30000000000000004'],
    ['1e-130', `0.${'0'.repeat(129)}1`],
    ['9.9999999999999999999999999999999999999E+125', `${'9'.repeat(38)}${'0'.repeat(88)}`],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });

  it.each([
    ['abc', 'is not a number'],
    ['', 'is not a number'],
    ['.', 'is not a number'],
    ['+5', 'is not a number'],
    ['1e', 'is not a number'],
    ['0x10', 'is not a number'],
    ['NaN', 'is not a number'],
    ['Infinity', 'is not a number'],
    ['123456789012345678901234567890123456789', 'more than 38 significant digits'],
    ['1e126', 'larger in magnitude'],
    ['1e-131', 'smaller in magnitude'],
  ])('refuses %j (%s)', (input, why) => {
    expect(() => canonicalDecimal(input)).toThrow(NumberFormatError);
    expect(() => canonicalDecimal(input)).toThrow(why);
  });

  it('counts significant digits without leading and trailing zeros', () => {
    expect(canonicalDecimal(`0.000${'1'.repeat(38)}000`)).toBe(`0.000${'1'.repeat(38)}`);
  });
});

describe('decimalFromNumber: JSON numbers from clients', () => {
  it('writes the shortest decimal of the double, not its binary expansion', () => {
    expect(decimalFromNumber(0.1)).toBe('0.1');
    expect(decimalFromNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(decimalFromNumber(0.3)).toBe('0.3');
    expect(decimalFromNumber(1e-7)).toBe('0.0000001');
    expect(decimalFromNumber(-42)).toBe('-42');
    expect(decimalFromNumber(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
  });

  it('refuses integers beyond 2^53-1, which may have been rounded on the way in', () => {
    expect(() => decimalFromNumber(12345678901234567890)).toThrow('{"$number"');
    expect(() => decimalFromNumber(2 ** 53)).toThrow(NumberFormatError);
    expect(() => decimalFromNumber(1e21)).toThrow(NumberFormatError);
  });

  it('refuses numbers outside the range DynamoDB stores', () => {
    expect(() => decimalFromNumber(1e200)).toThrow(NumberFormatError); // also an integer beyond 2^53-1
    expect(() => decimalFromNumber(-1e-200)).toThrow('smaller in magnitude');
    expect(() => decimalFromNumber(5e-324)).toThrow('smaller in magnitude');
    expect(() => decimalFromNumber(Number.NaN)).toThrow('finite');
  });
});

describe('jsonNumberOf: stored numbers to clients', () => {
  it('is a JSON number when a client reads back exactly the stored decimal', () => {
    expect(jsonNumberOf('0.1')).toBe(0.1);
    expect(jsonNumberOf('0.30000000000000004')).toBe(0.30000000000000004);
    expect(jsonNumberOf('0.3')).toBe(0.3);
    expect(jsonNumberOf('9007199254740991')).toBe(9007199254740991);
    expect(jsonNumberOf('-1.5')).toBe(-1.5);
    expect(jsonNumberOf('0.0000001')).toBe(1e-7);
  });

  it('is undefined (the caller sends the decimal text) when a double cannot carry it', () => {
    expect(jsonNumberOf('12345678901234567890')).toBeUndefined();
    expect(jsonNumberOf('9007199254740993')).toBeUndefined();
    expect(jsonNumberOf('9007199254740992')).toBeUndefined();
    expect(jsonNumberOf('0.1000000000000000000000001')).toBeUndefined();
    expect(jsonNumberOf('3.14159265358979323846264338327950288')).toBeUndefined();
  });

  it('reads numbers an emulator kept as they were sent (moto does not normalise)', () => {
    expect(jsonNumberOf('1.50')).toBe(1.5);
    expect(jsonNumberOf('1E+2')).toBe(100);
  });
});

describe('compareDecimals', () => {
  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['1.50', '1.5', 0],
    ['-1', '-0.5', -1],
    ['-0.5', '0', -1],
    ['0', '-0', 0],
    ['0.30000000000000004', '0.3', 1],
    ['12345678901234567890', '12345678901234567891', -1],
    ['99', '100', -1],
    ['-99', '-100', 1],
    ['1e2', '99.999', 1],
    ['0.001', '0.01', -1],
  ])('%s vs %s = %d', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });
});

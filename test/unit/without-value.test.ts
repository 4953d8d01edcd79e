import { GraphQLBoolean, GraphQLEnumType, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString } from 'graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { withoutValue } from '../../src/lib/without-value';

/** The message a scalar's or enum's parseValue throws for a value. */
function thrown(parse: () => unknown): string {
  try {
    parse();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('parseValue accepted the value');
}

const AckMode = new GraphQLEnumType({ name: 'AckMode', values: { AUTO: {}, MANUAL: {} } });

/** A coercion message keeps the type and the kind of problem, never the client's value. */
describe('withoutValue', () => {
  it.each([
    ['Int cannot represent non-integer value: "secret-age-p@x.io"', 'Int cannot represent non-integer value'],
    ['Int cannot represent non 32-bit signed integer value: 99999999999', 'Int cannot represent non 32-bit signed integer value'],
    ['String cannot represent a non string value: ["p@x.io"]', 'String cannot represent a non string value'],
    ['Float cannot represent non numeric value: "SSN-123-45-6789"', 'Float cannot represent non numeric value'],
    ['ID cannot represent value: { ssn: "123-45-6789" }', 'ID cannot represent value'],
    ['Boolean cannot represent a non boolean value: "p@x.io"', 'Boolean cannot represent a non boolean value'],
    ['JSONObject cannot represent non-object value: p@x.io', 'JSONObject cannot represent non-object value'],
    ['DateTime cannot represent an invalid date-time-string p@x.io.', 'DateTime cannot represent an invalid date-time-string'],
    ['DateTime cannot represent non string or Date type {"ssn":"1"}', 'DateTime cannot represent non string or Date type'],
    ['Value "secret@x.io" does not exist in "AckMode" enum.', 'Value does not exist in "AckMode" enum.'],
    ['Enum "AckMode" cannot represent non-string value: { a: "p@x.io" }.', 'Enum "AckMode" cannot represent non-string value.'],
    ['Expected type "Odd". Odd cannot represent an invalid date-time-string p@x.io.', 'Expected type "Odd". Odd cannot represent an invalid date-time-string p@x.io.'],
    ['Expected type "DateTime". DateTime cannot represent an invalid date-time-string p@x.io.', 'Expected type "DateTime". DateTime cannot represent an invalid date-time-string'],
  ])('%s', (reason, expected) => {
    expect(withoutValue(reason)).toBe(expected);
  });

  it('keeps graphql-js\'s suggestion, which names schema values, and a value that mimics the message', () => {
    expect(withoutValue(thrown(() => AckMode.parseValue('AUTOO')))).toBe('Value does not exist in "AckMode" enum. Did you mean the enum value "AUTO"?');
    expect(withoutValue('Value "x" does not exist in "T" enum. p@x.io" does not exist in "AckMode" enum.')).toBe('Value does not exist in "AckMode" enum.');
  });

  it('cuts the value out of what the scalars and enums really throw', () => {
    const secret = 'p@x.io';
    const messages = [
      thrown(() => GraphQLInt.parseValue(secret)),
      thrown(() => GraphQLInt.parseValue(2 ** 40)),
      thrown(() => GraphQLFloat.parseValue(secret)),
      thrown(() => GraphQLString.parseValue([secret])),
      thrown(() => GraphQLBoolean.parseValue(secret)),
      thrown(() => GraphQLID.parseValue({ secret })),
      thrown(() => JSONObjectResolver.parseValue(secret)),
      thrown(() => DateTimeResolver.parseValue(secret)),
      thrown(() => DateTimeResolver.parseValue({ secret })),
      thrown(() => AckMode.parseValue(secret)),
      thrown(() => AckMode.parseValue({ secret })),
    ];
    expect(messages.filter((m) => m.includes(secret) || m.includes(String(2 ** 40)))).toHaveLength(messages.length);
    for (const message of messages) expect(withoutValue(message)).not.toMatch(/p@x\.io|1099511627776|secret/);
  });

  it('keeps messages that quote no value', () => {
    expect(withoutValue('Field "name" of required type "String!" was not provided.')).toBe('Field "name" of required type "String!" was not provided.');
    expect(withoutValue('JSON is nested more than 32 levels deep')).toBe('JSON is nested more than 32 levels deep');
    expect(withoutValue('DateTime cannot represent an invalid Date instance')).toBe('DateTime cannot represent an invalid Date instance');
  });
});

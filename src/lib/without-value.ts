/**
 * The scalar messages of graphql-js (type/scalars.js) and of the graphql-scalars the schema uses
 * (DateTime, JSONObject) that end with the client's value: what comes before it says the type and
 * the kind of problem.
 */
const VALUE_AFTER = [
  'Int cannot represent non-integer value',
  'Int cannot represent non 32-bit signed integer value',
  'Float cannot represent non numeric value',
  'String cannot represent a non string value',
  'Boolean cannot represent a non boolean value',
  'ID cannot represent value',
  'ID cannot represent a non-string and non-integer value',
  'JSONObject cannot represent non-object value',
  'DateTime cannot represent an invalid date-time-string',
  'DateTime cannot represent non string or Date type',
  'DateTime cannot represent an invalid Unix timestamp',
];

const NAME = '[_A-Za-z]\\w*';
/** graphql-js's didYouMean over enum values: it names values of the schema, not the client's. */
const SUGGESTION = `( Did you mean the enum value "${NAME}"(?:(?:, "${NAME}")*,? or "${NAME}")?\\?)?`;
/** The value is a string; the greedy `.*` lets it hold `" does not exist in "` too. */
const NO_SUCH_VALUE = new RegExp(`^Value ".*" does not exist in "(${NAME})" enum\\.${SUGGESTION}$`, 's');
const NOT_ENUM = new RegExp(`^Enum "(${NAME})" cannot represent (non-string|non-enum) value: .*\\.${SUGGESTION}$`, 's');
/** coerceInputValue's wrapper around an error that a scalar threw without being a GraphQLError. */
const EXPECTED_TYPE = new RegExp(`^(Expected type "${NAME}"\\. )(.*)$`, 's');

/**
 * A scalar's or enum's coercion message without the value it quotes (`Int cannot represent
 * non-integer value: "p@x.io"` becomes `Int cannot represent non-integer value`); any other
 * message (ours, graphql-js's own about fields, none of which quote values) stays as it is.
 */
export function withoutValue(reason: string): string {
  const wrapped = EXPECTED_TYPE.exec(reason);
  if (wrapped) return `${wrapped[1]}${withoutValue(wrapped[2] ?? '')}`;
  const lead = VALUE_AFTER.find((start) => reason.startsWith(`${start}:`) || reason.startsWith(`${start} `));
  if (lead) return lead;
  const missing = NO_SUCH_VALUE.exec(reason);
  if (missing) return `Value does not exist in "${missing[1]}" enum.${missing[2] ?? ''}`;
  const notEnum = NOT_ENUM.exec(reason);
  if (notEnum) return `Enum "${notEnum[1]}" cannot represent ${notEnum[2]} value.${notEnum[3] ?? ''}`;
  return reason;
}

import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';

/** ISO-8601 date-time scalar; Date values in resolvers. */
export const DateTimeScalar = DateTimeResolver;

/**
 * Deepest a JSON argument may nest (arrays and objects). A value 100 000 levels deep is 200 KB of
 * text; it overflowed the stack in type-graphql's argument conversion and in JSON.stringify.
 */
export const MAX_JSON_DEPTH = 100;

/** Whether a JSON value nests deeper than `max` arrays and objects, measured without recursion. */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** The scalar, refusing values nested deeper than MAX_JSON_DEPTH (a variable's error then names it, BAD_USER_INPUT). */
function depthLimited(scalar: GraphQLScalarType): GraphQLScalarType {
  const config = scalar.toConfig();
  const checked = <T>(value: T): T => {
    if (jsonDeeperThan(value, MAX_JSON_DEPTH)) throw new GraphQLError(`JSON is nested more than ${MAX_JSON_DEPTH} levels deep`);
    return value;
  };
  return new GraphQLScalarType({
    ...config,
    parseValue: (value) => checked(config.parseValue(value)),
    parseLiteral: (ast, variables) => checked(config.parseLiteral(ast, variables)),
  });
}

/** Any JSON value. */
export const JSONScalar = depthLimited(JSONResolver);
/** A JSON object. */
export const JSONObjectScalar = depthLimited(JSONObjectResolver);

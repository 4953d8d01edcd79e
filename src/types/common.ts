import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';

/** ISO-8601 date-time scalar; Date values in resolvers. */
export const DateTimeScalar = DateTimeResolver;
/** Any JSON value. */
export const JSONScalar = JSONResolver;
/** A JSON object. */
export const JSONObjectScalar = JSONObjectResolver;

import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { resolvers } from './resolvers';
import { DateTimeScalar } from './types/common';

/** Builds the executable schema from the type-graphql classes; `pubSub` serves its subscriptions. */
export async function createSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    pubSub,
  });
}

/** For a schema that is printed or diffed, never served: type-graphql wants a PubSub to build subscriptions. */
const printOnly: PubSub = {
  publish() {
    throw new Error('this schema is for printing; it publishes nothing');
  },
  subscribe() {
    throw new Error('this schema is for printing; it serves no subscriptions');
  },
};

/** The schema for printing and contract checks, built without AWS clients. */
export function createPrintableSchema(): Promise<GraphQLSchema> {
  return createSchema(printOnly);
}

/** The schema as committed in schema.graphql: sorted SDL, so diffs show real changes only. */
export async function printSchemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createPrintableSchema()))}\n`;
}

import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { resolvers } from './resolvers';
import { DateTimeScalar } from './types/common';
import { TopicMessage } from './types/topic.type';

/** Builds the executable schema from the type-graphql classes. */
export async function createSchema(pubSub?: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Contract types no resolver returns yet (the topicMessages stream will).
    orphanedTypes: [TopicMessage],
    ...(pubSub ? { pubSub } : {}),
  });
}

/** The schema as committed in schema.graphql: sorted SDL, so diffs show real changes only. */
export async function printSchemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}

import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';

/** Most tokens a document may have: graphql-js's parser stops there, so a huge query costs no more than this to refuse. */
export const MAX_TOKENS = 5000;

/**
 * graphql-armor's protections for Apollo: depth 12, 30 aliases, 50 directives, cost 20000, field
 * suggestions hidden. Its own token limit is off: it parses in a request hook whose failures
 * (any syntax error included) Apollo answers with a 500; Apollo's `parseOptions.maxTokens` gives
 * the 400 GRAPHQL_PARSE_FAILED a client mistake deserves.
 */
export function armorProtection(): ReturnType<ApolloArmor['protect']> {
  return new ApolloArmor({ maxDepth: { n: 12 }, costLimit: { maxCost: 20000 }, maxAliases: { n: 30 }, maxDirectives: { n: 50 }, maxTokens: { enabled: false } }).protect();
}

/**
 * graphql-ws's onSubscribe: parses and validates as Apollo does over HTTP, with the same limits, so
 * the socket (which takes queries and mutations too) is no way around them. Errors go back on the
 * operation; the connection stays open.
 */
export function wsOperationArgs(schema: GraphQLSchema, rules: ReturnType<ApolloArmor['protect']>['validationRules'] = []) {
  return (_ctx: unknown, _id: string, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: MAX_TOKENS });
    } catch (err) {
      return [new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    // As Apollo does over HTTP: every validation error is GRAPHQL_VALIDATION_FAILED (armor's say BAD_USER_INPUT).
    if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } }));
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  };
}

import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, parse, specifiedRules, validate, visit, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { SubscribePayload } from 'graphql-ws';
import { ValidationError } from './errors';
import { unpairedSurrogatePath } from './lib/validate';

/** Most tokens a document may have: graphql-js's parser stops there, so a huge query costs no more than this to refuse. */
export const MAX_TOKENS = 5000;

/**
 * Most brackets (`{`, `[`, `(`) a document may nest: graphql-js parses recursively and overflows the
 * stack at about 2000 levels, well under MAX_TOKENS. Selections are held to depth 12 and JSON
 * values to 100 levels, so 128 refuses nothing those limits let through.
 */
export const MAX_NESTING = 128;

/**
 * How deep the brackets of a GraphQL document nest, counted up to `limit + 1` in one pass that
 * skips strings (`"..."` and `"""block"""` strings, with their escapes) and comments. Mismatched
 * brackets are the parser's to report.
 */
export function nestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      if (depth > 0) depth--;
    } else if (c === 0x23) {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if (c === 0x22) {
      i = text.startsWith('"""', i) ? blockStringEnd(text, i + 3) : stringEnd(text, i + 1);
    }
  }
  return deepest;
}

/** The index of the quote that closes a "..." string whose text starts at `i` (or the end of its line). */
function stringEnd(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"' || c === '\n' || c === '\r') return i;
  }
  return text.length;
}

/** The index of the last quote of the `"""` that closes a block string whose text starts at `i` (`\"""` is an escaped one). */
function blockStringEnd(text: string, i: number): number {
  for (; i < text.length; i++) {
    if (text.startsWith('\\"""', i)) i += 3;
    else if (text.startsWith('"""', i)) return i + 2;
  }
  return text.length;
}

/** The message for a query nested deeper than MAX_NESTING, or undefined (a query that is no string is Apollo's to refuse). */
export function nestingError(query: unknown): string | undefined {
  if (typeof query !== 'string' || nestingDepth(query, MAX_NESTING) <= MAX_NESTING) return undefined;
  return `Query nests more than ${MAX_NESTING} brackets deep`;
}

/** Most a request may cost when lists count their selection once per item they may return (see listSize). */
export const MAX_COMPLEXITY = 50_000;

/** Page sizes of lists without a limit argument: SNS pages topics and subscriptions by 100. */
const FIXED_PAGES: Record<string, number> = { topics: 100, subscriptions: 100 };

/**
 * A list field's selection costs once per item it may return: its `limit` (default included), the
 * ids it is given, the messages it may receive, or the page size of the AWS list behind it.
 */
const listSize: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const size = [args.limit, args.maxMessages, Array.isArray(args.userIds) ? args.userIds.length : undefined, FIXED_PAGES[field.name]].find((n): n is number => typeof n === 'number');
  return size === undefined ? undefined : 1 + Math.max(size, 0) * childComplexity;
};

/** The arguments listSize reads: only the variables passed to them can change a document's cost. */
const LIST_SIZE_ARGUMENTS = new Set(['limit', 'maxMessages', 'userIds']);

/** Costs kept per document, at most this many argument combinations each. */
const COSTS_PER_DOCUMENT = 64;

/** Per document (the same object for every request of a query Apollo has cached): its cost variables and the costs counted. */
const costCache = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();

/** The variables a document passes to list-size arguments, found once per document. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (!LIST_SIZE_ARGUMENTS.has(node.name.value)) return false;
      visit(node.value, { Variable: (v) => void names.add(v.name.value) });
      return false;
    },
  });
  return [...names];
}

/** What the cost of one request depends on: the operation and the values of its cost variables (a list by its length). */
function costKey(variables: string[], values: Record<string, unknown>, operationName?: string | null): string {
  const parts = variables.map((name) => {
    const value = values[name];
    return Array.isArray(value) ? `#${value.length}` : JSON.stringify(value) ?? '';
  });
  return `${operationName ?? ''}\u0000${parts.join('\u0000')}`;
}

/**
 * The cost of an operation, counted once per document and cost-variable values: counting walks the
 * whole document with type information (about a tenth of a simple query's time on the server), and
 * the same query is sent again and again.
 */
function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): number {
  let cached = costCache.get(document);
  if (!cached) {
    cached = { variables: costVariables(document), costs: new Map() };
    costCache.set(document, cached);
  }
  const key = costKey(cached.variables, variables, operationName);
  const known = cached.costs.get(key);
  if (known !== undefined) return known;
  const cost = getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [listSize, simpleEstimator({ defaultComplexity: 1 })] });
  if (cached.costs.size >= COSTS_PER_DOCUMENT) cached.costs.clear();
  cached.costs.set(key, cost);
  return cost;
}

/**
 * The error for an operation whose cost with list sizes is over MAX_COMPLEXITY, or undefined.
 * graphql-armor's cost counts a list like one object, so a list of lists passed it at any limits.
 * Variables are needed for the limits, so this runs once the operation is resolved, not as a rule.
 */
export function complexityError(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown> | null, operationName?: string | null): GraphQLError | undefined {
  let cost: number;
  try {
    cost = costOf(schema, document, variables ?? {}, operationName);
  } catch {
    return undefined; // variables that do not fit their types: execution reports them
  }
  if (cost <= MAX_COMPLEXITY) return undefined;
  return new GraphQLError(`Query is too expensive: its cost is ${cost}, at most ${MAX_COMPLEXITY}; a list counts its selection once per item it may return, so lower the limits or nest fewer lists`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

/**
 * BAD_USER_INPUT naming the first variable (`$i.name`, keys too) that holds an unpaired UTF-16
 * surrogate, or undefined. JSON carries "\ud800", but it is no text: DynamoDB stores only valid
 * UTF-8 and SNS's encoding throws on it. The query text needs no check: graphql-js's lexer refuses
 * such a character or escape (GRAPHQL_PARSE_FAILED).
 */
export function unpairedSurrogateError(variables?: Record<string, unknown> | null): GraphQLError | undefined {
  const path = unpairedSurrogatePath(variables ?? {});
  if (path === undefined) return undefined;
  const { fields, message, code } = ValidationError.of(`$${path}`, 'contains an unpaired UTF-16 surrogate, which is not text');
  return new GraphQLError(message, { extensions: { code, fields, http: { status: 400 } } });
}

/**
 * Apollo plugin: the checks an HTTP operation passes once it is resolved, in one hook, in the order
 * graphql-ws's onSubscribe runs them (wsOperationArgs): a subscription is refused first (a 400
 * BAD_REQUEST that says where subscriptions are served: left to Apollo it ran as a query and answered
 * 200 INTERNAL_SERVER_ERROR with a stack in the error log; GET is Apollo's own 405), then
 * unpairedSurrogateError, then complexityError.
 */
export function operationChecksPlugin(schema: GraphQLSchema, path: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, operationName }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError(`Subscriptions are served over WebSocket (graphql-ws protocol) at ${path}, not over HTTP`, {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          const error = unpairedSurrogateError(request.variables) ?? complexityError(schema, document, request.variables, operationName);
          if (error) throw error;
        },
      };
    },
  };
}

/**
 * graphql-armor's protections for Apollo: depth 12, 30 aliases, 50 directives, cost 20000. Its own token limit is off: it parses in a request hook whose failures
 * (any syntax error included) Apollo answers with a 500; Apollo's `parseOptions.maxTokens` gives
 * the 400 GRAPHQL_PARSE_FAILED a client mistake deserves.
 */
export function armorProtection(): ReturnType<ApolloArmor['protect']> {
  return new ApolloArmor({
    maxDepth: { n: 12 },
    costLimit: { maxCost: 20000 },
    maxAliases: { n: 30 },
    maxDirectives: { n: 50 },
    maxTokens: { enabled: false },
    // Introspection is on, so hiding "Did you mean" hid nothing; it left "[Suggestion hidden]?" in messages.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/**
 * graphql-ws's onSubscribe: parses and validates as Apollo does over HTTP, with the same limits, so
 * the socket (which takes queries and mutations too) is no way around them. Errors go back on the
 * operation; the connection stays open.
 */
export function wsOperationArgs(schema: GraphQLSchema, rules: ReturnType<ApolloArmor['protect']>['validationRules'] = []) {
  return (_ctx: unknown, _id: string, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
    const tooDeep = nestingError(payload.query);
    if (tooDeep) return [new GraphQLError(tooDeep, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: MAX_TOKENS });
    } catch (err) {
      return [new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    // As Apollo does over HTTP: every validation error is GRAPHQL_VALIDATION_FAILED (armor's say BAD_USER_INPUT).
    if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } }));
    const illFormed = unpairedSurrogateError(payload.variables);
    if (illFormed) return [illFormed];
    const tooExpensive = complexityError(schema, document, payload.variables, payload.operationName);
    if (tooExpensive) return [tooExpensive];
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  };
}

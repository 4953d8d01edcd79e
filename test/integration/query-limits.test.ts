import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { appWithWsClient, subscribe } from '../helpers/ws';

/**
 * The query limits (depth 12, 30 aliases, 5000 tokens, cost, directives) hold on both ways in:
 * HTTP and graphql-ws, where queries and mutations can be sent as well as subscriptions. A query
 * that breaks one, or does not parse, is the client's mistake: a 400 with Apollo's code, never a 500.
 */
const ALIASES_31 = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: health { ok }`).join(' ')} }`;
const DEPTH_14 = `{ user(userId: "user_001") { ${'orders { items { user { '.repeat(4)}name${' } } }'.repeat(4)} } }`;
/** A literal nested 2000 lists deep (about 4000 tokens): graphql-js's recursive parser overflowed its stack on it. */
const NESTED_2000 = `mutation { createOrder(input: { userId: "u1", orderDate: "2024-01-01", amount: 1, items: ${'['.repeat(2000)}1${']'.repeat(2000)} }) { orderDate } }`;
const TOKENS_5001 = `{ ${Array.from({ length: 1667 }, () => 'health { ok }').join(' ')} }`;

describe('query limits', () => {
  const suite = appWithWsClient();

  async function http(query: string): Promise<{ status: number; codes: string[]; messages: string[] }> {
    const res = await fetch(suite.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    return { status: res.status, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)), messages: (body.errors ?? []).map((e) => e.message) };
  }

  async function overWs(query: string): Promise<{ codes: string[]; messages: string[]; data: unknown[] }> {
    const sub = subscribe(suite.client, query, {}, (data) => data);
    await sub.done();
    const errors = sub.errors as Array<{ message: string; extensions?: { code?: string } }>;
    return { codes: errors.map((e) => String(e.extensions?.code)), messages: errors.map((e) => e.message), data: sub.received };
  }

  it('answers a query that does not parse with 400 GRAPHQL_PARSE_FAILED over HTTP', async () => {
    expect(await http('{ user(userId: ')).toEqual({ status: 400, codes: ['GRAPHQL_PARSE_FAILED'], messages: [expect.stringMatching(/^Syntax Error: Unexpected <EOF>/)] });
  });

  it('refuses more than 5000 tokens with 400 over HTTP, before parsing the rest', async () => {
    expect(await http(TOKENS_5001)).toEqual({ status: 400, codes: ['GRAPHQL_PARSE_FAILED'], messages: ['Syntax Error: Document contains more that 5000 tokens. Parsing aborted.'] });
  });

  it('refuses a query nested more than 128 brackets deep with 400 GRAPHQL_PARSE_FAILED, on both ways in', async () => {
    const refused = 'Query nests more than 128 brackets deep';
    expect(await http(NESTED_2000)).toEqual({ status: 400, codes: ['GRAPHQL_PARSE_FAILED'], messages: [refused] });
    const get = await fetch(`${suite.app.url}?query=${encodeURIComponent(`{ health { ok } a: health ${'{'.repeat(200)} }`)}`, { headers: { 'apollo-require-preflight': '1' } });
    expect({ status: get.status, body: await get.json() }).toEqual({ status: 400, body: { errors: [{ message: refused, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] } });
    expect(await overWs(NESTED_2000)).toEqual({ codes: ['GRAPHQL_PARSE_FAILED'], messages: [refused], data: [] });
  });

  it('refuses 31 aliases and depth 14 over HTTP', async () => {
    expect(await http(ALIASES_31)).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], messages: [expect.stringContaining('Aliases limit of 30 exceeded')] });
    expect(await http(DEPTH_14)).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], messages: [expect.stringContaining('Query depth limit of 12 exceeded')] });
  });

  it('applies the same limits to queries sent over graphql-ws', async () => {
    expect(await overWs(ALIASES_31)).toEqual({ codes: ['GRAPHQL_VALIDATION_FAILED'], messages: [expect.stringContaining('Aliases limit of 30 exceeded')], data: [] });
    expect(await overWs(DEPTH_14)).toEqual({ codes: ['GRAPHQL_VALIDATION_FAILED'], messages: [expect.stringContaining('Query depth limit of 12 exceeded')], data: [] });
    expect(await overWs(TOKENS_5001)).toEqual({ codes: ['GRAPHQL_PARSE_FAILED'], messages: ['Syntax Error: Document contains more that 5000 tokens. Parsing aborted.'], data: [] });
  });

  it('suggests the field meant: introspection is on, so hiding suggestions hid nothing and left "[Suggestion hidden]?"', async () => {
    expect(await http('{ heath { ok } }')).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], messages: ['Cannot query field "heath" on type "Query". Did you mean "health"?'] });
  });

  it('answers a query that does not parse over graphql-ws with an error, and keeps the connection', async () => {
    expect(await overWs('{ user(userId: ')).toEqual({ codes: ['GRAPHQL_PARSE_FAILED'], messages: [expect.stringMatching(/^Syntax Error: Unexpected <EOF>/)], data: [] });
    expect(await overWs('{ health { ok } }')).toEqual({ codes: [], messages: [], data: [{ health: { ok: true } }] });
  });

  it('closes a graphql-ws connection whose message is over the 8 MiB a request body may have (1009), as HTTP answers 413', async () => {
    const variables = { types: ['x'.repeat(9 * 1024 * 1024)] };
    const res = await fetch(suite.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'subscription($types: [String!]) { events(types: $types) { type } }', variables }) });
    expect(res.status).toBe(413);
    const closed = new Promise<{ code: number }>((resolve) => {
      const big = createClient({ url: suite.app.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined, on: { closed: (e) => resolve(e as { code: number }) } });
      big.subscribe({ query: 'subscription($types: [String!]) { events(types: $types) { type } }', variables }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    const timeout = new Promise<{ code: string }>((resolve) => setTimeout(() => resolve({ code: 'still open after 5 s' }), 5000).unref());
    expect((await Promise.race([closed, timeout])).code).toBe(1009);
  });
});

/**
 * graphql-armor's cost counts each field once, so a list inside a list costs as little as a single
 * object: users(limit: 1000) { items { orders(limit: 1000) ... } } passed it and asked for 1000
 * order queries, each of up to 1000 orders. Lists count their selection once per item they may
 * return (their limit, the ids given, or the page size behind them).
 */
describe('query cost with list sizes', () => {
  const suite = appWithWsClient();

  const NESTED = 'query($l: Int) { users(limit: $l) { items { userId orders(limit: $l) { items { orderDate amount } } } } }';

  async function post(query: string, variables: Record<string, unknown>) {
    const res = await fetch(suite.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    return { status: res.status, codes: (body.errors ?? []).map((e) => e.extensions?.code), message: body.errors?.[0]?.message };
  }

  it('refuses lists of lists at large limits over HTTP, with variables too, and allows them at small ones', async () => {
    expect(await post(NESTED, { l: 1000 })).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], message: expect.stringMatching(/^Query is too expensive: its cost is \d+, at most 50000/) });
    expect(await post(NESTED.replace('query($l: Int) ', '').replace(/\$l/g, '1000'), {})).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(await post(NESTED, { l: 20 })).toEqual({ status: 200, codes: [], message: undefined });
  });

  it('counts the cost again when the limits in the variables change (a document is counted once per set of limits)', async () => {
    const QUERY = NESTED.replace('query($l: Int)', 'query Nested($l: Int)');
    expect(await post(QUERY, { l: 20 })).toEqual({ status: 200, codes: [], message: undefined });
    expect(await post(QUERY, { l: 1000 })).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], message: expect.stringMatching(/its cost is 3003001,/) });
    expect(await post(QUERY, { l: 20 })).toEqual({ status: 200, codes: [], message: undefined });
    expect(await post(QUERY, { l: 1000 })).toMatchObject({ status: 400, message: expect.stringMatching(/its cost is 3003001,/) });
  });

  it('refuses them over graphql-ws as well', async () => {
    const sub = subscribe(suite.client, NESTED, { l: 1000 }, (d) => d);
    await sub.done();
    expect((sub.errors as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(sub.received).toEqual([]);
  });

  it('allows a flat page of the largest size', async () => {
    expect(await post('{ users(limit: 1000) { items { userId email name age createdAt updatedAt version } nextToken scannedCount } }', {})).toEqual({ status: 200, codes: [], message: undefined });
  });
});

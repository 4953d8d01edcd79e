import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';
import { createFunction, pythonAvailable } from '../helpers/lambda';

const RESULT = 'success statusCode functionError payload errorMessage errorType logTail executedVersion durationMs attempts';
const INVOKE = `mutation ($input: InvokeInput!) { invokeFunction(input: $input) { ${RESULT} } }`;
const STATS = 'query ($name: String!) { function(name: $name) { name stats { invocations errors throttles retries successRate p50DurationMs p95DurationMs } } }';

/** The invokeFunction result of one call that must not be a GraphQL error. */
async function invoke(app: App, input: Record<string, unknown>): Promise<Record<string, any>> {
  return (await gqlData(app, INVOKE, { input })).invokeFunction;
}

describe('invokeFunction on the embedded local AWS', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('runs the Node greeting synchronously and returns its exact output', async () => {
    const result = await invoke(app, { function: 'greeting', payload: { name: 'Ada' } });
    expect(result).toMatchObject({
      success: true,
      statusCode: 200,
      functionError: null,
      payload: { statusCode: 200, body: '{"message":"Hello, Ada!","input":{"name":"Ada"}}' },
      errorMessage: null,
      errorType: null,
      logTail: null,
      executedVersion: '$LATEST',
      attempts: 1,
    });
    expect(Number.isInteger(result.durationMs) && result.durationMs >= 0).toBe(true);
  });

  (pythonAvailable() ? it : it.skip)('runs the notebook\'s Python greeting with its default name', async () => {
    const result = await invoke(app, { function: 'greeting-python' });
    expect(result.payload).toEqual({ statusCode: 200, body: '{"message": "Hello, World!", "input": {}}' });
  });

  it('queues an EVENT invocation: 202 and no payload', async () => {
    expect(await invoke(app, { function: 'echo', payload: { n: 1 }, invocationType: 'EVENT', logTail: true })).toMatchObject({ success: true, statusCode: 202, payload: null, logTail: null, attempts: 1 });
  });

  it('checks a DRY_RUN: 204 and no payload', async () => {
    expect(await invoke(app, { function: 'echo', invocationType: 'DRY_RUN' })).toMatchObject({ success: true, statusCode: 204, payload: null, functionError: null, attempts: 1 });
  });

  it('reports a function error as success: false with the parsed errorMessage and errorType, without retrying', async () => {
    const result = await invoke(app, { function: 'flaky', payload: { fail: true, message: 'card declined' }, retries: 5 });
    expect(result).toMatchObject({ success: false, statusCode: 200, functionError: 'Unhandled', errorMessage: 'card declined', errorType: 'Error', attempts: 1 });
    expect(result.payload).toMatchObject({ errorType: 'Error', errorMessage: 'card declined' });
  });

  it('reports a timeout as a function error too', async () => {
    const result = await invoke(app, { function: 'flaky', payload: { sleepMs: 2500 } });
    expect(result).toMatchObject({ success: false, functionError: 'Unhandled', errorType: 'Sandbox.Timedout' });
    expect(result.errorMessage).toMatch(/Task timed out after 2\.00 seconds$/);
  });

  it('decodes the log tail when asked for: START, the function\'s output, END, REPORT', async () => {
    await createFunction(app.clients.lambda, 'it-logger', { 'index.js': 'exports.handler = async () => { console.log("processing order 42"); return "done"; };' });
    const { logTail, payload } = await invoke(app, { function: 'it-logger', logTail: true });
    expect(payload).toBe('done');
    const lines = (logTail as string).trim().split('\n');
    expect(lines[0]).toMatch(/^START RequestId: \S+ Version: \$LATEST$/);
    expect(logTail).toContain('processing order 42');
    expect(lines.at(-2)).toMatch(/^END RequestId: /);
    expect(lines.at(-1)).toMatch(/^REPORT RequestId: \S+\tDuration: [\d.]+ ms/);
  });

  it('passes the qualifier through', async () => {
    expect(await invoke(app, { function: 'echo', qualifier: '$LATEST' })).toMatchObject({ success: true, executedVersion: '$LATEST' });
    const missing = await gql(app, INVOKE, { input: { function: 'echo', qualifier: '42' } });
    expect(codesOf(missing)).toEqual(['NOT_FOUND']);
    expect(missing.errors?.[0]?.message).toBe('Function echo (qualifier 42) does not exist');
  });

  it('accepts the function by ARN', async () => {
    const { payload } = await invoke(app, { function: 'arn:aws:lambda:us-east-1:000000000000:function:echo', payload: [1, 2, 3] });
    expect(payload.event).toEqual([1, 2, 3]);
  });

  it('reports a missing function as NOT_FOUND naming it', async () => {
    const res = await gql(app, INVOKE, { input: { function: 'no-such-function' } });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.errors?.[0]?.message).toBe('Function no-such-function does not exist');
  });

  it('refuses payloads over 6 MB (1 MB for EVENT) before calling Lambda', async () => {
    const calls = () => app.localAws?.requestCounts.get('lambda:Invoke') ?? 0;
    const before = calls();
    const sync = await gql(app, INVOKE, { input: { function: 'echo', payload: 'x'.repeat(6 * 1024 * 1024) } });
    expect(codesOf(sync)).toEqual(['BAD_USER_INPUT']);
    expect(sync.errors?.[0]?.extensions?.fields).toEqual([{ field: 'payload', message: 'is 6291458 bytes; Lambda accepts at most 6291456 bytes for REQUEST_RESPONSE' }]);
    const event = await gql(app, INVOKE, { input: { function: 'echo', invocationType: 'EVENT', payload: { data: 'x'.repeat(1_100_000) } } });
    expect(event.errors?.[0]?.extensions?.fields).toEqual([{ field: 'payload', message: 'is 1100011 bytes; Lambda accepts at most 1048576 bytes for EVENT' }]);
    expect(calls()).toBe(before);
    await invoke(app, { function: 'echo' });
    expect(calls()).toBe(before + 1);
  });

  it('validates retries (0-10), the function reference and the qualifier', async () => {
    const fieldsOf = async (input: Record<string, unknown>) => (await gql(app, INVOKE, { input })).errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field);
    expect(await fieldsOf({ function: 'echo', retries: 11 })).toEqual(['retries']);
    expect(await fieldsOf({ function: 'echo', retries: -1 })).toEqual(['retries']);
    expect(await fieldsOf({ function: 'not a function!' })).toEqual(['function']);
    expect(await fieldsOf({ function: 'echo', qualifier: 'v 1' })).toEqual(['qualifier']);
  });
});

describe('function statistics', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await createFunction(app.clients.lambda, 'it-stats', { 'index.js': 'exports.handler = async (e) => { if (e.fail) throw new TypeError("bad"); return { ok: true }; };' });
  });
  afterAll(() => app.close());

  it('starts at zero with null percentiles', async () => {
    expect((await gqlData(app, STATS, { name: 'it-stats' })).function.stats).toEqual({ invocations: 0, errors: 0, throttles: 0, retries: 0, successRate: 0, p50DurationMs: null, p95DurationMs: null });
  });

  it('counts every invocation of the process, with the success rate and duration percentiles', async () => {
    const durations: number[] = [];
    for (const payload of [{}, {}, {}, { fail: true }]) durations.push((await invoke(app, { function: 'it-stats', payload })).durationMs);
    await invoke(app, { function: 'it-stats', invocationType: 'EVENT' });
    const { stats } = (await gqlData(app, STATS, { name: 'it-stats' })).function;
    expect(stats).toMatchObject({ invocations: 5, errors: 1, throttles: 0, retries: 0, successRate: 80 });
    // Nearest-rank percentiles of the four synchronous durations (the EVENT call has none): 2nd and 4th smallest.
    const sorted = [...durations].sort((a, b) => a - b);
    expect(stats.p50DurationMs).toBe(sorted[1]);
    expect(stats.p95DurationMs).toBe(sorted[3]);
  });

  it('shows the same statistics on the function list, keyed by name whatever the invocation used', async () => {
    await invoke(app, { function: 'arn:aws:lambda:us-east-1:000000000000:function:it-stats' });
    const page = await gqlData(app, '{ functions(limit: 1000) { items { name stats { invocations errors successRate } } } }');
    expect(page.functions.items.find((f: { name: string }) => f.name === 'it-stats').stats).toEqual({ invocations: 6, errors: 1, successRate: 500 / 6 });
  });

  it('does not count a missing function or a refused payload', async () => {
    await gql(app, INVOKE, { input: { function: 'it-stats', invocationType: 'EVENT', payload: 'x'.repeat(1_100_000) } });
    expect((await gqlData(app, STATS, { name: 'it-stats' })).function.stats.invocations).toBe(6);
  });
});

describe('functions when Lambda cannot be reached', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await app.localAws?.close();
  });
  afterAll(() => app.close());

  it('answers UPSTREAM_UNAVAILABLE after the retries, for reads and invocations', async () => {
    const list = await gql(app, '{ functions { items { name } } }');
    expect(codesOf(list)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const res = await gql(app, INVOKE, { input: { function: 'greeting', retries: 1 } });
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(res.errors?.[0]?.message).toBe('Lambda is unavailable for greeting after 2 attempts');
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});

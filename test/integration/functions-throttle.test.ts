import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';
import { createFunction } from '../helpers/lambda';

const INVOKE = 'mutation ($input: InvokeInput!) { invokeFunction(input: $input) { success statusCode payload attempts } }';
const STATS = '{ function(name: "it-slow") { stats { invocations errors throttles retries successRate } } }';

/**
 * The local Lambda answers 429 past LAMBDA_CONCURRENCY runs of a function. An EVENT invocation
 * takes the function's only slot before its 202 is sent, so the synchronous calls that follow
 * are throttled for as long as it sleeps.
 */
describe('throttling past the concurrency of a function', () => {
  let app: App;
  const occupy = async (ms: number) => expect((await gqlData(app, INVOKE, { input: { function: 'it-slow', invocationType: 'EVENT', payload: { ms } } })).invokeFunction.statusCode).toBe(202);
  const stats = async () => (await gqlData(app, STATS)).function.stats;

  beforeAll(async () => {
    app = await startTestApp({ LAMBDA_CONCURRENCY: '1' });
    await createFunction(app.clients.lambda, 'it-slow', { 'index.js': 'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, e.ms ?? 0)); return { slept: e.ms ?? 0 }; };' }, { Timeout: 10 });
  });
  afterAll(() => app.close());

  it('surfaces as THROTTLED after the retries, with every attempt counted', async () => {
    await occupy(1200);
    const once = await gql(app, INVOKE, { input: { function: 'it-slow', retries: 0 } });
    expect(codesOf(once)).toEqual(['THROTTLED']);
    expect(once.errors?.[0]?.message).toBe('Lambda throttled it-slow on 1 attempt; try again shortly');

    const thrice = await gql(app, INVOKE, { input: { function: 'it-slow', retries: 2 } });
    expect(codesOf(thrice)).toEqual(['THROTTLED']);
    expect(thrice.errors?.[0]?.message).toBe('Lambda throttled it-slow on 3 attempts; try again shortly');

    // The EVENT call, then two throttled calls: 1 + 3 throttled attempts, 2 retries.
    expect(await stats()).toEqual({ invocations: 3, errors: 2, throttles: 4, retries: 2, successRate: 100 / 3 });
  });

  it('succeeds once a retry finds the slot free, reporting the attempts it took', async () => {
    // Wait out the first test's run: this call succeeds as soon as the slot is free.
    await gqlData(app, INVOKE, { input: { function: 'it-slow', retries: 10 } });
    await occupy(700);
    const before = await stats();
    // Backoff from 100 ms doubling to 5 s: ten retries outlast a 0.7 s run by far.
    const { invokeFunction: result } = await gqlData(app, INVOKE, { input: { function: 'it-slow', payload: { ms: 1 }, retries: 10 } });
    expect(result).toMatchObject({ success: true, statusCode: 200, payload: { slept: 1 } });
    expect(result.attempts).toBeGreaterThan(1);
    const after = await stats();
    expect(after.invocations - before.invocations).toBe(1);
    expect(after.throttles - before.throttles).toBe(result.attempts - 1);
    expect(after.retries - before.retries).toBe(result.attempts - 1);
    expect(after.errors).toBe(before.errors);
  });
});

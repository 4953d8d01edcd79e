import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp, type GraphQLResponse } from '../helpers/app';
import { createFunction } from '../helpers/lambda';

const INVOKE = 'mutation ($input: InvokeInput!) { invokeFunction(input: $input) { success statusCode payload attempts } }';
const STATS = '{ function(name: "it-held") { stats { invocations errors throttles retries successRate } } }';

/**
 * The local Lambda answers 429 past LAMBDA_CONCURRENCY runs of a function. A synchronous run
 * holds the function's only slot until the test releases it (the handler waits for a response
 * from the test's gate server), so the calls made meanwhile are throttled, whatever the speed of
 * the machine. The slot is free again once the holding call has answered. Retries wait through
 * `lambdaWait`, which the test decides: no time passes, so nothing depends on the random backoff.
 */
describe('throttling past the concurrency of a function', () => {
  let app: App;
  const waits: number[] = [];
  let onWait: () => Promise<void> = async () => undefined;
  const gate = gateServer();

  /** Starts a synchronous call that holds the function's slot; resolves once it runs. */
  async function hold(): Promise<{ release(): Promise<GraphQLResponse> }> {
    const running = gate.next();
    const call = gql(app, INVOKE, { input: { function: 'it-held', payload: { gate: gate.url } } });
    await running;
    return {
      async release() {
        gate.open();
        return await call;
      },
    };
  }
  const stats = async () => (await gqlData(app, STATS)).function.stats;

  beforeAll(async () => {
    await gate.listen();
    const lambdaWait = async (ms: number) => {
      waits.push(ms);
      await onWait();
    };
    app = await startTestApp({ LAMBDA_CONCURRENCY: '1' }, { lambdaWait });
    await createFunction(app.clients.lambda, 'it-held', { 'index.js': 'exports.handler = async (e) => { if (e.gate) await (await fetch(e.gate)).text(); return { held: Boolean(e.gate) }; };' }, { Timeout: 10 });
  });
  beforeEach(() => {
    waits.length = 0;
    onWait = async () => undefined;
  });
  afterAll(async () => {
    await app.close();
    await gate.close();
  });

  it('surfaces as THROTTLED after the retries, with every attempt counted', async () => {
    const holder = await hold();
    const once = await gql(app, INVOKE, { input: { function: 'it-held', retries: 0 } });
    expect(codesOf(once)).toEqual(['THROTTLED']);
    expect(once.errors?.[0]?.message).toBe('Lambda throttled it-held on 1 attempt; try again shortly');

    const thrice = await gql(app, INVOKE, { input: { function: 'it-held', retries: 2 } });
    expect(codesOf(thrice)).toEqual(['THROTTLED']);
    expect(thrice.errors?.[0]?.message).toBe('Lambda throttled it-held on 3 attempts; try again shortly');
    expect(waits).toHaveLength(2);

    expect((await holder.release()).data?.invokeFunction).toEqual({ success: true, statusCode: 200, payload: { held: true }, attempts: 1 });
    // The holding call, then two throttled calls: 1 + 3 throttled attempts, 2 retries.
    expect(await stats()).toEqual({ invocations: 3, errors: 2, throttles: 4, retries: 2, successRate: 100 / 3 });
  });

  it('succeeds once a retry finds the slot free, reporting the attempts it took', async () => {
    const before = await stats();
    const holder = await hold();
    // The first retry's wait lets the holder finish: the retry after it finds the slot free.
    onWait = async () => {
      onWait = async () => undefined;
      await holder.release();
    };
    const { invokeFunction: result } = await gqlData(app, INVOKE, { input: { function: 'it-held', retries: 2 } });
    expect(result).toEqual({ success: true, statusCode: 200, payload: { held: false }, attempts: 2 });
    expect(waits).toHaveLength(1);
    const after = await stats();
    // The holder and the retried call: two invocations, one throttled attempt, one retry.
    expect(after).toEqual({ invocations: before.invocations + 2, errors: before.errors, throttles: before.throttles + 1, retries: before.retries + 1, successRate: (100 * (before.invocations - before.errors + 2)) / (before.invocations + 2) });
  });
});

/** An HTTP server whose requests wait until the test opens the gate; `next` resolves when the next request arrives. */
function gateServer() {
  let held: ServerResponse[] = [];
  let arrived: (() => void) | undefined;
  const server = createServer((_req, res) => {
    held.push(res);
    arrived?.();
  });
  return {
    get url() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    },
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    next: () => new Promise<void>((resolve) => (arrived = resolve)),
    open() {
      for (const res of held) res.end('open');
      held = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

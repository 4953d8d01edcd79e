import { LambdaClient } from '@aws-sdk/client-lambda';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';
import { createFunctions, createMotoRole } from '../helpers/lambda';
import { motoAvailable, startMoto, type Moto } from '../helpers/moto';
import { startAppOnMoto } from '../helpers/queues';

const LIST = 'query ($limit: Int, $nextToken: String) { functions(limit: $limit, nextToken: $nextToken) { items { name memorySize timeout runtime } nextToken } }';

/**
 * The functions' control plane over HTTP, the same against every backend. moto runs no code
 * without Docker, so invocation itself is tested on the local AWS only (test/integration).
 */
function controlPlaneSuite(start: () => Promise<{ app: App; stop(): Promise<void> }>) {
  let app: App;
  let stop: () => Promise<void>;
  let lambda: LambdaClient;
  let created: string[];

  beforeAll(async () => {
    ({ app, stop } = await start());
    lambda = app.clients.lambda;
    created = await createFunctions(lambda, 'conf', 55);
  });
  afterAll(() => stop());

  async function listAll(limit: number): Promise<{ names: string[]; pages: number }> {
    const names: string[] = [];
    let nextToken: string | null = null;
    let pages = 0;
    do {
      const data: any = await gqlData(app, LIST, { limit, nextToken });
      names.push(...data.functions.items.map((f: { name: string }) => f.name));
      nextToken = data.functions.nextToken;
      pages++;
    } while (nextToken);
    return { names, pages };
  }

  it('lists every function exactly once across pages of 20', async () => {
    const { names, pages } = await listAll(20);
    const ours = names.filter((n) => n.startsWith('conf-'));
    expect(ours.sort()).toEqual(created);
    expect(new Set(names).size).toBe(names.length);
    expect(pages).toBe(Math.ceil(names.length / 20));
  });

  it('returns up to 120 in one page', async () => {
    const data: any = await gqlData(app, LIST, { limit: 120 });
    expect(data.functions.items.filter((f: { name: string }) => f.name.startsWith('conf-'))).toHaveLength(55);
    expect(data.functions.nextToken).toBeNull();
  });

  it('returns 50 functions and a token by default', async () => {
    const data: any = await gqlData(app, '{ functions { items { name } nextToken } }');
    expect(data.functions.items).toHaveLength(50);
    expect(typeof data.functions.nextToken).toBe('string');
  });

  it('reads a function configuration with zeroed stats', async () => {
    const data: any = await gqlData(app, 'query ($n: String!) { function(name: $n) { name arn runtime handler description memorySize timeout codeSize lastModified version stats { invocations errors throttles retries successRate p50DurationMs p95DurationMs } } }', { n: 'conf-07' });
    expect(data.function).toMatchObject({
      name: 'conf-07',
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      description: 'test function conf-07',
      memorySize: 256,
      timeout: 7,
      version: '$LATEST',
      stats: { invocations: 0, errors: 0, throttles: 0, retries: 0, successRate: 0, p50DurationMs: null, p95DurationMs: null },
    });
    expect(data.function.arn).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:conf-07$/);
    expect(data.function.codeSize).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(data.function.lastModified))).toBe(false);
  });

  it('answers null for a missing function', async () => {
    expect(await gqlData(app, '{ function(name: "no-such-function") { name } }')).toEqual({ function: null });
  });

  it('refuses a forged token, a limit out of range and a malformed name as BAD_USER_INPUT with the field', async () => {
    const forged = await gql(app, LIST, { nextToken: 'eyJwIjp7Im8iOjB9fQ.forged' });
    expect(codesOf(forged)).toEqual(['BAD_USER_INPUT']);
    expect(forged.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'nextToken' })]);
    for (const limit of [0, 1001]) {
      const res = await gql(app, LIST, { limit });
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'limit' })]);
    }
    const badName = await gql(app, '{ function(name: "bad name!") { name } }');
    expect(badName.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('reports invoking a missing function as NOT_FOUND naming it', async () => {
    const res = await gql(app, 'mutation { invokeFunction(input: { function: "ghost-fn" }) { success } }');
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.errors?.[0]?.message).toContain('ghost-fn');
  });
}

describe('functions control plane on the embedded local AWS', () => {
  controlPlaneSuite(async () => {
    const app = await startTestApp();
    return { app, stop: () => app.close() };
  });
});

(motoAvailable() ? describe : describe.skip)('functions control plane against moto', () => {
  controlPlaneSuite(async () => {
    const moto: Moto = await startMoto();
    await createMotoRole(moto.endpoint);
    const app = await startAppOnMoto(moto);
    return {
      app,
      async stop() {
        await app.close();
        await moto.stop();
      },
    };
  });
});

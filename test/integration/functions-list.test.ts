import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';
import { createFunctions } from '../helpers/lambda';

const LIST = 'query ($limit: Int, $nextToken: String) { functions(limit: $limit, nextToken: $nextToken) { items { name } nextToken } }';

describe('functions: pages over the embedded local Lambda', () => {
  let app: App;
  let all: string[];
  const listCalls = () => app.localAws?.requestCounts.get('lambda:ListFunctions') ?? 0;

  beforeAll(async () => {
    app = await startTestApp();
    await createFunctions(app.clients.lambda, 'page', 110);
    // The truth to compare with: every function, straight from Lambda's own pages.
    all = [];
    let Marker: string | undefined;
    do {
      const page = await app.clients.lambda.send(new ListFunctionsCommand({ Marker }));
      all.push(...(page.Functions ?? []).map((f) => f.FunctionName as string));
      Marker = page.NextMarker;
    } while (Marker);
  });
  afterAll(() => app.close());

  async function pages(limit: number): Promise<string[][]> {
    const out: string[][] = [];
    let nextToken: string | null = null;
    do {
      const data: any = await gqlData(app, LIST, { limit, nextToken });
      out.push(data.functions.items.map((f: { name: string }) => f.name));
      nextToken = data.functions.nextToken;
    } while (nextToken);
    return out;
  }

  it('has the 110 created functions and the deployed samples to list', () => {
    expect(all.filter((n) => n.startsWith('page-'))).toHaveLength(110);
    expect(all).toEqual(expect.arrayContaining(['greeting', 'echo', 'flaky']));
  });

  it('lists every function exactly once, in order, across pages of 20', async () => {
    const result = await pages(20);
    expect(result.flat()).toEqual(all);
    expect(result.map((p) => p.length)).toEqual([...Array(Math.floor(all.length / 20)).fill(20), all.length % 20].filter((n) => n > 0));
  });

  it('lists across pages of 7 (Lambda asked for 7 at a time)', async () => {
    expect((await pages(7)).flat()).toEqual(all);
  });

  it('fills a page of 120 from three Lambda pages', async () => {
    const before = listCalls();
    const data = await gqlData(app, LIST, { limit: 120 });
    expect(listCalls() - before).toBe(3);
    expect(data.functions.items.map((f: { name: string }) => f.name)).toEqual(all.slice(0, 120));
    expect(data.functions.nextToken).toBe(all.length > 120 ? expect.any(String) : null);
  });

  it('gives 50 by default, then the rest', async () => {
    const first = await gqlData(app, '{ functions { items { name } nextToken } }');
    expect(first.functions.items).toHaveLength(50);
    const second = await gqlData(app, LIST, { nextToken: first.functions.nextToken, limit: 1000 });
    expect(second.functions.items.map((f: { name: string }) => f.name)).toEqual(all.slice(50));
    expect(second.functions.nextToken).toBeNull();
  });

  it('refuses a forged or altered token and a limit outside 1-1000 as BAD_USER_INPUT', async () => {
    const token = (await gqlData(app, LIST, { limit: 5 })).functions.nextToken as string;
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const nextToken of ['forged', altered, token.split('.')[0]]) {
      const res = await gql(app, LIST, { nextToken });
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('nextToken');
    }
    for (const limit of [0, -5, 1001]) {
      const res = await gql(app, LIST, { limit });
      expect(res.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('limit');
    }
  });
});

import pino from 'pino';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';

/** A subscription belongs on the WebSocket: over HTTP it is the client's mistake, told as such and not logged as the server's. */
describe('a subscription sent over HTTP', () => {
  const logs: Array<{ level: number; msg?: string }> = [];
  let app: App;
  beforeAll(async () => {
    const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => logs.push(JSON.parse(line)) });
    app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOCAL_AWS_PORT: '0', LOG_LEVEL: 'silent', MODE: 'LOCAL' }), logger);
  });
  afterAll(() => app.close());

  it('by POST is a 400 BAD_REQUEST that points to graphql-ws, and nothing is logged as an error', async () => {
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'subscription S { events { type } }' }) });
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(res.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Subscriptions are served over WebSocket (graphql-ws protocol) at /graphql, not over HTTP',
        extensions: { code: 'BAD_REQUEST' },
      }),
    ]);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('by GET stays Apollo\'s 405 BAD_REQUEST', async () => {
    const res = await fetch(`${app.url}?query=${encodeURIComponent('subscription S { events { type } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(res.status).toBe(405);
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });
});

import type { App } from '../../src/app';
import { gql, gqlData, startTestApp } from '../helpers/app';

describe('server basics', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers GET /healthz for load balancers', async () => {
    const res = await fetch(app.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('reports LOCAL mode and a reachable DynamoDB in health', async () => {
    const data = await gqlData(app, '{ health { mode region services { name ok } } }');
    expect(data.health.mode).toBe('LOCAL');
    expect(data.health.region).toBe('us-east-1');
    expect(data.health.services).toContainEqual({ name: 'dynamodb', ok: true });
  });

  it('refuses a GET mutation-less request without a CSRF-safe header', async () => {
    const res = await fetch(`${app.url}?query=${encodeURIComponent('{ health { ok } }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  it('marks GraphQL responses as not cacheable, GET queries included', async () => {
    const res = await fetch(`${app.url}?query=${encodeURIComponent('{ health { mode } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps graphql-js validation codes', async () => {
    const res = await gql(app, '{ nope }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

import type { App } from '../../src/app';
import { MAX_OPERATION_NAMES } from '../../src/metrics';
import { gql, gqlData, startTestApp } from '../helpers/app';
import { subscribe, wsClientsPerTest } from '../helpers/ws';

/** The samples of one metric in Prometheus text: labels (as an object) and value. */
function samples(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  const out: Array<{ labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    out.push({ labels, value: Number(match[3]) });
  }
  return out;
}

/** The value of the sample whose labels include `labels` (undefined when there is none). */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return samples(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function scrape(app: App): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(app.url.replace('/graphql', '/metrics'));
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('GET /metrics', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  const client = wsClientsPerTest(() => app.url);

  it('serves Prometheus text with the default Node metrics, prefixed', async () => {
    const { status, type, text } = await scrape(app);
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE aws_graphql_nodejs_eventloop_lag_seconds gauge');
    expect(value(text, 'aws_graphql_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts operations by type, name and outcome, and times them', async () => {
    await gqlData(app, 'mutation Register($input: CreateUserInput!) { createUser(input: $input) { userId } }', { input: { userId: 'metrics_01', email: 'metrics@example.com', name: 'M' } });
    for (let i = 0; i < 2; i++) {
      const data = await gqlData(app, 'query GetUser($id: ID!) { user(userId: $id) { email } }', { id: 'metrics_01' });
      expect(data.user.email).toBe('metrics@example.com');
    }
    const bad = await gql(app, 'mutation Register($input: CreateUserInput!) { createUser(input: $input) { userId } }', { input: { email: 'not-an-email', name: 'M' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await gqlData(app, '{ __typename }');

    const { text } = await scrape(app);
    expect(value(text, 'graphql_operations_total', { operation_type: 'query', operation_name: 'GetUser', outcome: 'ok' })).toBe(2);
    expect(value(text, 'graphql_operations_total', { operation_type: 'mutation', operation_name: 'Register', outcome: 'ok' })).toBe(1);
    expect(value(text, 'graphql_operations_total', { operation_type: 'mutation', operation_name: 'Register', outcome: 'BAD_USER_INPUT' })).toBe(1);
    expect(value(text, 'graphql_operations_total', { operation_type: 'query', operation_name: 'anonymous', outcome: 'ok' })).toBe(1);
    // The histogram is by type only (client-chosen names would multiply its ~17 series per label set).
    expect(samples(text, 'graphql_operation_duration_seconds_count').map((s) => s.labels).sort((a, b) => a.operation_type!.localeCompare(b.operation_type!))).toEqual([{ operation_type: 'mutation' }, { operation_type: 'query' }]);
    expect(value(text, 'graphql_operation_duration_seconds_count', { operation_type: 'query' })).toBe(3);
    expect(value(text, 'graphql_operation_duration_seconds_bucket', { operation_type: 'mutation', le: '+Inf' })).toBe(2);
    expect(value(text, 'graphql_operation_duration_seconds_sum', { operation_type: 'query' })).toBeGreaterThan(0);
  });

  it('labels a request that does not parse as an unknown operation with its error code', async () => {
    const res = await gql(app, 'query Broken {');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const { text } = await scrape(app);
    expect(value(text, 'graphql_operations_total', { operation_type: 'unknown', operation_name: 'anonymous', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
  });

  it('counts and times the AWS SDK calls by service, operation and outcome', async () => {
    await gqlData(app, 'mutation { createUser(input: { userId: "metrics_aws", email: "aws@example.com", name: "A" }) { userId } }');
    const before = value((await scrape(app)).text, 'aws_requests_total', { service: 'dynamodb', operation: 'GetItem', outcome: 'ok' }) ?? 0;
    await gqlData(app, 'query GetUser($id: ID!) { user(userId: $id) { email } }', { id: 'metrics_aws' });
    let text = (await scrape(app)).text;
    // The document client's GetCommand is counted once, as the GetItem it sends.
    expect(value(text, 'aws_requests_total', { service: 'dynamodb', operation: 'GetItem', outcome: 'ok' })).toBe(before + 1);
    expect(value(text, 'aws_requests_total', { service: 'dynamodb', operation: 'Get' })).toBeUndefined();
    expect(value(text, 'aws_request_duration_seconds_count', { service: 'dynamodb', operation: 'GetItem' })).toBe(before + 1);
    // Start-up created the events topic: the other clients are instrumented as well.
    expect(value(text, 'aws_requests_total', { service: 'sns', operation: 'CreateTopic', outcome: 'ok' })).toBe(1);

    // A user id already taken: the create's transaction is cancelled, which the SDK throws as an error.
    const taken = await gql(app, 'mutation { createUser(input: { userId: "metrics_aws", email: "other@example.com", name: "O" }) { userId } }');
    expect(taken.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    text = (await scrape(app)).text;
    expect(value(text, 'aws_requests_total', { service: 'dynamodb', operation: 'TransactWriteItems', outcome: 'TransactionCanceledException' })).toBe(1);
  });

  it('shows live subscriptions while they run', async () => {
    const before = value((await scrape(app)).text, 'graphql_subscriptions_active');
    expect(before).toBe(0);
    const ws = client();
    const subs = [subscribe(ws, 'subscription { events { type } }', {}, (d) => d.events.type), subscribe(ws, 'subscription { events { type } }', {}, (d) => d.events.type)];
    await waitFor(async () => value((await scrape(app)).text, 'graphql_subscriptions_active') === 2);
    subs[0]!.unsubscribe();
    await waitFor(async () => value((await scrape(app)).text, 'graphql_subscriptions_active') === 1);
    subs[1]!.unsubscribe();
    await waitFor(async () => value((await scrape(app)).text, 'graphql_subscriptions_active') === 0);
  });

  it(`keeps ${MAX_OPERATION_NAMES} operation names apart, then counts new ones as other`, async () => {
    const histogramSeries = (text: string): number => text.split('\n').filter((l) => l.startsWith('graphql_operation_duration_seconds')).length;
    const seriesBefore = histogramSeries((await scrape(app)).text);
    const known = new Set(samples((await scrape(app)).text, 'graphql_operations_total').map((s) => s.labels.operation_name).filter((n) => n !== 'anonymous' && n !== 'other'));
    const sent = MAX_OPERATION_NAMES + 5;
    for (let i = 0; i < sent; i++) await gqlData(app, `query Named${i} { __typename }`);

    const ops = samples((await scrape(app)).text, 'graphql_operations_total');
    const room = MAX_OPERATION_NAMES - known.size;
    expect(ops.find((s) => s.labels.operation_name === 'Named0')?.value).toBe(1);
    expect(ops.find((s) => s.labels.operation_name === `Named${room - 1}`)?.value).toBe(1);
    expect(ops.find((s) => s.labels.operation_name === `Named${room}`)).toBeUndefined();
    expect(value((await scrape(app)).text, 'graphql_operations_total', { operation_type: 'query', operation_name: 'other', outcome: 'ok' })).toBe(sent - room);
    // A name seen before the cap was reached keeps its label.
    await gqlData(app, 'query Named0 { __typename }');
    expect(value((await scrape(app)).text, 'graphql_operations_total', { operation_name: 'Named0' })).toBe(2);
    // The names add counter series only: the histogram had a query series already.
    expect(seriesBefore).toBeGreaterThan(0);
    expect(histogramSeries((await scrape(app)).text)).toBe(seriesBefore);
  });
});

describe('METRICS=false', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp({ METRICS: 'false' });
  });
  afterAll(() => app.close());

  it('answers GET /metrics with 404', async () => {
    const { status, text } = await scrape(app);
    expect(status).toBe(404);
    expect(text).not.toContain('graphql_operations_total');
    expect((await gqlData(app, '{ __typename }')).__typename).toBe('Query');
  });
});

/** Polls `ready` until it holds (the server starts and ends a subscription after the client asks). */
async function waitFor(ready: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { setupResources } from '../../src/setup';
import { gqlData } from '../helpers/app';
import { createFunction } from '../helpers/lambda';
import { localAwsPerSuite } from '../helpers/local-aws';
import { wsClient } from '../helpers/ws';

/**
 * What requests in flight get when the API shuts down. The API runs in AWS mode against a local AWS
 * of the suite's own, so what was stored can still be read once the API has stopped.
 */
describe('shutting down', () => {
  const aws = localAwsPerSuite();

  async function startApi(): Promise<App> {
    const config = loadConfig({ MODE: 'AWS', AWS_ENDPOINT_URL: aws.local.endpoint, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    await setupResources(aws.clients, config);
    return startApp(config);
  }

  /** Everything the server sends on a raw connection until it closes. */
  async function readToClose(socket: Socket): Promise<string> {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    await once(socket, 'close');
    return text;
  }

  it('answers a long poll of receiveMessages at once with no messages, instead of cutting it off', async () => {
    const app = await startApi();
    await gqlData(app, 'mutation { createQueue(input: { name: "stopping-poll" }) { url } }');
    const poll = fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { receiveMessages(queue: "stopping-poll", waitTimeSeconds: 20) { body } }' }) });
    await new Promise((r) => setTimeout(r, 200));
    await app.close();
    const res = await poll;
    expect(await res.json()).toEqual({ data: { receiveMessages: [] } });
    // The client is told not to send its next request on this connection, which the drain ends.
    expect(res.headers.get('connection')).toBe('close');
  });

  it('does not run a request that arrives on a connection the drain has already ended', async () => {
    const app = await startApi();
    const socket = connect({ port: app.port, host: '127.0.0.1', allowHalfOpen: true });
    await once(socket, 'connect');
    const answer = readToClose(socket);
    const closing = app.close();
    await once(socket, 'end'); // the drain ended the idle connection
    const body = JSON.stringify({ query: 'mutation($i: CreateUserInput!) { createUser(input: $i) { userId } }', variables: { i: { userId: 'too_late', email: 'too.late@example.com', name: 'Too Late' } } });
    socket.end(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(await answer).toBe('');
    await closing;
    const stored = await aws.clients.doc.send(new GetCommand({ TableName: 'users', Key: { user_id: 'too_late' }, ConsistentRead: true }));
    expect(stored.Item).toBeUndefined();
  });

  it('lets a mutation running over graphql-ws finish and answer before the socket closes, and refuses new ones meanwhile', async () => {
    const app = await startApi();
    // The function's run waits for the test's gate: it is certainly still running when the shutdown begins.
    const held: ServerResponse[] = [];
    const gate = createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    const gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`;
    await createFunction(aws.clients.lambda, 'held-at-shutdown', { 'index.js': 'exports.handler = async (e) => ({ said: await (await fetch(e.gate)).text() });' }, { Timeout: 20 });
    const client = wsClient(app.url);
    const run = <T>(query: string, variables: Record<string, unknown>) =>
      new Promise<{ data?: T; errors?: Array<{ extensions?: { code?: string } }> }>((resolve, reject) => {
        let result: { data?: T } = {};
        client.subscribe<T>({ query, variables }, { next: (r) => void (result = r as { data?: T }), error: (e) => (Array.isArray(e) ? resolve({ errors: e }) : reject(e)), complete: () => resolve(result) });
      });
    const invoke = run<{ invokeFunction: { payload: unknown } }>('mutation($i: InvokeInput!) { invokeFunction(input: $i) { payload } }', { i: { function: 'held-at-shutdown', payload: { gate: gateUrl } } });
    while (!held.length) await new Promise((r) => setTimeout(r, 20));
    const closing = app.close();
    const late = await run('mutation { createUser(input: { userId: "sent_late", email: "sent.late@example.com", name: "Late" }) { userId } }', {});
    expect(late.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    await new Promise((r) => setTimeout(r, 500)); // the drain is waiting for the held mutation
    held[0]!.end('released');
    expect((await invoke).data).toEqual({ invokeFunction: { payload: { said: 'released' } } });
    await closing;
    await client.dispose();
    gate.close();
    const stored = await aws.clients.doc.send(new GetCommand({ TableName: 'users', Key: { user_id: 'sent_late' }, ConsistentRead: true }));
    expect(stored.Item).toBeUndefined();
  });
});

import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { setupResources } from '../../src/setup';
import { gqlData } from '../helpers/app';
import { localAwsPerSuite } from '../helpers/local-aws';

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
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { ListSubscriptionsCommand } from '@aws-sdk/client-sns';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { loadConfig } from '../../src/config';
import { startLocalAws, type LocalAws } from '../../src/local';
import { setupResources } from '../../src/setup';
import { BROADCAST_PREFIX } from '../../src/subscriptions/orphans';
import { subscribe, wsClient, type Subscribed } from '../helpers/ws';

/**
 * SIGTERM to the real process (`node dist/src/main.js serve`, as `npm start` runs it), not a call
 * to app.close(): what runs on a signal is decided by every handler the process has, including
 * the ones libraries install. NODE_ENV is not "test" there, as in production.
 */
const ROOT = path.resolve(__dirname, '../..');
const OUT = 'dist/sigterm-test';

function startServer(endpoint: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const env = { ...process.env, NODE_ENV: 'development', MODE: 'AWS', AWS_ENDPOINT_URL: endpoint, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  const child = spawn(process.execPath, [`${OUT}/src/main.js`, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /aws-graphql ready at (http:\/\/\S+?\/graphql)/.exec(out)?.[1];
      if (url) resolve({ child, url, exited });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code} before it was ready: ${out}`)));
  });
}

/** A TCP relay to `port` that can be frozen: from then on it takes connections and bytes and never answers, as a hung AWS endpoint does. */
async function freezableRelay(port: number): Promise<{ endpoint: string; freeze: () => void; close: () => void }> {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    if (frozen) return;
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('error', () => undefined);
    client.on('data', (d) => !frozen && upstream.write(d));
    upstream.on('data', (d) => !frozen && client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    freeze: () => (frozen = true),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('SIGTERM with live subscriptions (the built server process)', () => {
  let local: LocalAws;
  let clients: AwsClients;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT, '--incremental', '--tsBuildInfoFile', `${OUT}/.tsbuildinfo`], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
    clients = buildClients({ region: 'us-east-1', endpoint: local.endpoint, awsMaxAttempts: 1 });
    await setupResources(clients, loadConfig({ MODE: 'AWS', AWS_ENDPOINT_URL: local.endpoint }));
  }, 120_000);
  afterAll(async () => {
    clients.destroy();
    await local.close();
  });

  it('exits 0, completes all 50 subscriptions, gives their messages back and deletes the broadcast queue and its subscription', async () => {
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: 'sigterm-work', Attributes: { VisibilityTimeout: '600' } }));
    const server = await startServer(local.endpoint);
    const sockets = Array.from({ length: 5 }, () => wsClient(server.url));
    const work: Subscribed<string>[] = [];
    const broadcast: Subscribed<string>[] = [];
    for (let i = 0; i < 25; i++) {
      const socket = sockets[i % sockets.length]!;
      work.push(subscribe(socket, 'subscription { messageReceived(queue: "sigterm-work", ack: MANUAL) { body } }', {}, (d) => d.messageReceived.body as string));
      broadcast.push(subscribe(socket, i % 2 ? 'subscription { events { type } }' : 'subscription { topicMessages(topic: "aws-graphql-events") { message } }', {}, () => 'x'));
    }
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 50; i += 10) {
      await clients.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: String(j), MessageBody: `m${i + j}` })) }));
    }
    const deadline = Date.now() + 10_000;
    while (work.reduce((n, s) => n + s.received.length, 0) < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(work.reduce((n, s) => n + s.received.length, 0)).toBe(50);
    expect((await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }))).QueueUrls).toHaveLength(1);

    server.child.kill('SIGTERM');
    const code = await server.exited;

    expect(code).toBe(0);
    const subs = [...work, ...broadcast];
    await Promise.all(subs.map((s) => s.done(2000)));
    expect(subs.flatMap((s) => s.errors)).toEqual([]);
    const after = await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }));
    expect(after.QueueUrls ?? []).toEqual([]);
    const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsCommand({}));
    expect(Subscriptions.filter((s) => s.Endpoint?.includes(BROADCAST_PREFIX))).toEqual([]);
    const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect([Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible]).toEqual(['50', '0']);
    await Promise.all(sockets.map((s) => s.dispose()));
  }, 30_000);

  it('still exits 0 before the 10 s limit, subscriptions completed, when AWS stops answering', async () => {
    const relay = await freezableRelay(local.port);
    try {
      const server = await startServer(relay.endpoint);
      const socket = wsClient(server.url);
      const events = subscribe(socket, 'subscription { events { type } }', {}, (d) => d.events.type as string);
      await new Promise((r) => setTimeout(r, 500));
      relay.freeze();

      server.child.kill('SIGTERM');

      // main.ts exits 1 when shutdown has not finished after 10 s.
      expect(await server.exited).toBe(0);
      await events.done(2000);
      expect(events.errors).toEqual([]);
      await socket.dispose();
    } finally {
      relay.close();
    }
  }, 30_000);
});

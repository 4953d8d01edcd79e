import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Client } from 'graphql-ws';
import type { App } from '../../src/app';
import { gqlData, startTestApp } from '../helpers/app';
import { subscribe, wsClient } from '../helpers/ws';

const MESSAGES = 'subscription($queue: String!) { messageReceived(queue: $queue, ack: MANUAL) { body groupId } }';

describe('messageReceived on a FIFO queue', () => {
  let app: App;
  let clients: Client[] = [];
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await app.close();
  });

  it('gives the messages of one group to one subscriber, in order, instead of spreading them over several', async () => {
    const { createQueue } = await gqlData(app, 'mutation { createQueue(input: { name: "stream-fifo", fifo: true }) { url } }');
    clients = [wsClient(app.url), wsClient(app.url), wsClient(app.url)];
    const subs = clients.map((c) => subscribe(c, MESSAGES, { queue: 'stream-fifo.fifo' }, (d) => d.messageReceived as { body: string; groupId: string }));
    await new Promise((r) => setTimeout(r, 300));
    const entries = ['a', 'b'].flatMap((group) => [1, 2, 3, 4, 5].map((n) => ({ Id: `${group}${n}`, MessageBody: `${group}${n}`, MessageGroupId: group, MessageDeduplicationId: `${group}${n}` })));
    await app.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: createQueue.url as string, Entries: entries }));
    const deadline = Date.now() + 10_000;
    while (subs.reduce((n, s) => n + s.received.length, 0) < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // MANUAL: nothing is deleted, so SQS hands out no more of a group than its first receive did.
    for (const group of ['a', 'b']) {
      const holders = subs.map((s) => s.received.filter((m) => m.groupId === group).map((m) => m.body)).filter((bodies) => bodies.length > 0);
      expect(holders).toEqual([[1, 2, 3, 4, 5].map((n) => `${group}${n}`)]);
    }
  });
});

import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { App } from '../../src/app';
import { BROADCAST_PREFIX } from '../../src/subscriptions/orphans';
import { gqlData, startTestApp } from '../helpers/app';
import { subscribe, wsClient, wsClientsPerTest } from '../helpers/ws';

const MESSAGES = `subscription($queue: String!, $ack: AckMode, $visibilityTimeout: Int) {
  messageReceived(queue: $queue, ack: $ack, visibilityTimeout: $visibilityTimeout) { body receiveCount }
}`;
const TOPIC_MESSAGES = 'subscription($topic: String!, $filterPolicy: JSON) { topicMessages(topic: $topic, filterPolicy: $filterPolicy) { message } }';
const SEND = 'mutation($queue: String!, $body: String!) { sendMessage(input: { queue: $queue, body: $body }) { messageId } }';

describe('live streams: what subscribers ask for, checked and honoured', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  const client = wsClientsPerTest(() => app.url);

  it('refuses what can\'t name a queue as BAD_USER_INPUT on queue, without echoing it back', async () => {
    for (const queue of ['bad name!', '', 'q'.repeat(100_000)]) {
      const sub = subscribe(client(), MESSAGES, { queue }, (d) => d);
      await sub.done();
      expect(sub.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'queue' })] }) })]);
      expect(JSON.stringify(sub.errors).length).toBeLessThan(1000);
    }
  });

  it('hides each subscriber\'s messages for its own visibilityTimeout, whoever subscribed to the queue first', async () => {
    await gqlData(app, 'mutation { createQueue(input: { name: "args-visibility" }) { url } }');
    const long = subscribe(client(), MESSAGES, { queue: 'args-visibility', ack: 'MANUAL', visibilityTimeout: 600 }, (d) => d.messageReceived);
    await new Promise((r) => setTimeout(r, 200));
    const short = subscribe(client(), MESSAGES, { queue: 'args-visibility', ack: 'MANUAL', visibilityTimeout: 1 }, (d) => d.messageReceived);
    await new Promise((r) => setTimeout(r, 200));
    long.unsubscribe();
    await new Promise((r) => setTimeout(r, 300));
    await gqlData(app, SEND, { queue: 'args-visibility', body: 'not deleted' });
    // Never deleted, the message is visible again a second later and delivered again.
    expect(await short.waitFor(2, 8000)).toEqual([
      { body: 'not deleted', receiveCount: 1 },
      { body: 'not deleted', receiveCount: 2 },
    ]);
  });

  it('takes up to 150 event types, as an SNS filter policy on type would; more is BAD_USER_INPUT on types', async () => {
    const EVENTS = 'subscription($types: [String!]) { events(types: $types) { type } }';
    for (const count of [151, 10_000]) {
      const sub = subscribe(client(), EVENTS, { types: Array.from({ length: count }, (_, i) => `t.${i}`) }, (d) => d);
      await sub.done();
      expect(sub.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ field: 'types', message: `at most 150 event types may be given, not ${count}` }] }) })]);
    }
    const many = subscribe(client(), EVENTS, { types: Array.from({ length: 150 }, (_, i) => `t.${i}`) }, (d) => d.events.type as string);
    await new Promise((r) => setTimeout(r, 300));
    await gqlData(app, 'mutation { a: publishEvent(type: "t.149", data: {}) { eventId } b: publishEvent(type: "t.150", data: {}) { eventId } }');
    expect(await many.waitFor(1)).toEqual(['t.149']);
  });

  it('says NOT_FOUND each time a missing topic is asked for, and leaves no broadcast queue behind', async () => {
    for (const topic of ['args-no-such-topic', 'args-no-such-topic', 'arn:aws:sns:us-east-1:000000000000:args-no-such-topic']) {
      const sub = subscribe(client(), TOPIC_MESSAGES, { topic }, (d) => d);
      await sub.done();
      expect(sub.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('args-no-such-topic'), extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
    }
    const { QueueUrls = [] } = await app.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }));
    expect(QueueUrls.filter((u) => u.includes('args-no-such-topic'))).toEqual([]);
  });
});

describe('live streams while AWS is unreachable', () => {
  it('end a new subscription with UPSTREAM_UNAVAILABLE, not an internal error', async () => {
    const app = await startTestApp({ AWS_MAX_ATTEMPTS: '1' });
    const socket = wsClient(app.url);
    try {
      await gqlData(app, 'mutation { createQueue(input: { name: "args-outage" }) { url } createTopic(input: { name: "args-outage" }) { arn } }');
      await app.localAws!.close();
      const queue = subscribe(socket, MESSAGES, { queue: 'args-outage' }, (d) => d);
      const topic = subscribe(socket, TOPIC_MESSAGES, { topic: 'args-outage' }, (d) => d);
      await Promise.all([queue.done(), topic.done()]);
      expect([...queue.errors, ...topic.errors]).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }) }),
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }) }),
      ]);
    } finally {
      await socket.dispose();
      await app.server.stop();
      app.clients.destroy();
    }
  });
});

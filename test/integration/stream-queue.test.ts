import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { App } from '../../src/app';
import { gqlData, startTestApp } from '../helpers/app';
import { subscribe, wsClientsPerTest } from '../helpers/ws';

const MESSAGES = `subscription($queue: String!, $ack: AckMode) {
  messageReceived(queue: $queue, ack: $ack) { messageId body json receiptHandle queue receiveCount }
}`;

async function createQueue(app: App, name: string): Promise<string> {
  const data = await gqlData(app, 'mutation($name: String!) { createQueue(input: { name: $name, visibilityTimeout: 30 }) { url } }', { name });
  return data.createQueue.url as string;
}

async function sendMany(app: App, url: string, count: number, prefix = 'm'): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    const entries = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({ Id: String(j), MessageBody: `${prefix}-${i + j}` }));
    await app.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  }
}

/** Reads until `done` holds or 10 s pass; returns the last reading for the assertion. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function counts(app: App, url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await app.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
}

describe('messageReceived over graphql-ws', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  const client = wsClientsPerTest(() => app.url);

  it('delivers 1,000 messages exactly once across 3 subscribers and leaves none in the queue', async () => {
    const url = await createQueue(app, 'stream-thousand');
    const subs = [client(), client(), client()].map((c) => subscribe(c, MESSAGES, { queue: 'stream-thousand' }, (d) => d.messageReceived.body as string));
    await new Promise((r) => setTimeout(r, 200));
    await sendMany(app, url, 1000);
    const deadline = Date.now() + 30_000;
    while (subs.reduce((n, s) => n + s.received.length, 0) < 1000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const all = subs.flatMap((s) => s.received);
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    expect(subs.every((s) => s.received.length > 0)).toBe(true);
    subs.forEach((s) => s.unsubscribe());
    await new Promise((r) => setTimeout(r, 300));
    expect(await counts(app, url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('looks the queue up once for subscribers that arrive together', async () => {
    await createQueue(app, 'stream-together');
    const calls = (action: string) => app.localAws?.requestCounts.get(`sqs:${action}`) ?? 0;
    const before = { url: calls('GetQueueUrl'), attributes: calls('GetQueueAttributes') };
    const c = client();
    const subs = Array.from({ length: 20 }, () => subscribe(c, MESSAGES, { queue: 'stream-together' }, (d) => d.messageReceived.body as string));
    await new Promise((r) => setTimeout(r, 300));
    expect({ url: calls('GetQueueUrl') - before.url, attributes: calls('GetQueueAttributes') - before.attributes }).toEqual({ url: 1, attributes: 1 });
    subs.forEach((s) => s.unsubscribe());
  });

  it('MANUAL leaves a message in flight with its receipt handle for deleteMessage', async () => {
    const url = await createQueue(app, 'stream-manual');
    const sub = subscribe(client(), MESSAGES, { queue: 'stream-manual', ack: 'MANUAL' }, (d) => d.messageReceived);
    await new Promise((r) => setTimeout(r, 100));
    await sendMany(app, url, 1, 'manual');
    const [message] = await sub.waitFor(1);
    expect(message).toMatchObject({ body: 'manual-0', queue: 'stream-manual', receiveCount: 1 });
    expect(typeof message.receiptHandle).toBe('string');
    await new Promise((r) => setTimeout(r, 100));
    expect(await counts(app, url)).toEqual({ visible: 0, inFlight: 1 });
    const deleted = await gqlData(app, 'mutation($h: String!) { deleteMessage(queue: "stream-manual", receiptHandle: $h) }', { h: message.receiptHandle });
    expect(deleted.deleteMessage).toBe(true);
    expect(await counts(app, url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('releases a departing subscriber\'s messages at once for another one, and stops polling when the last leaves', async () => {
    const url = await createQueue(app, 'stream-handoff');
    const slow = client();
    // A MANUAL subscriber that never acks holds at most its prefetch in flight.
    const first = subscribe(slow, MESSAGES, { queue: 'stream-handoff', ack: 'MANUAL' }, (d) => d.messageReceived.body as string);
    await new Promise((r) => setTimeout(r, 100));
    await sendMany(app, url, 5, 'h');
    await first.waitFor(5);
    expect(await counts(app, url)).toEqual({ visible: 0, inFlight: 5 });
    await slow.dispose();
    // Released at once (visibility 0), not left in flight for the queue's 30 s visibility timeout.
    expect(await eventually(() => counts(app, url), (c) => c.inFlight === 0)).toEqual({ visible: 5, inFlight: 0 });
    const second = subscribe(client(), MESSAGES, { queue: 'stream-handoff' }, (d) => d.messageReceived.body as string);
    await second.waitFor(5);
    expect([...second.received].sort()).toEqual(['h-0', 'h-1', 'h-2', 'h-3', 'h-4']);
    second.unsubscribe();
    await new Promise((r) => setTimeout(r, 300));
    await fetch(`${app.localAws!.endpoint}/_local/requests`, { method: 'DELETE' });
    // A poller still long-polling would take this message in flight.
    await sendMany(app, url, 1, 'unclaimed');
    await new Promise((r) => setTimeout(r, 1500));
    const polled = (await (await fetch(`${app.localAws!.endpoint}/_local/requests`)).json()) as Record<string, number>;
    expect(polled['sqs:ReceiveMessage'] ?? 0).toBe(0);
    expect(await counts(app, url)).toEqual({ visible: 1, inFlight: 0 });
    const { Messages = [] } = await app.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(Messages.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([['unclaimed-0', '1']]);
  });

  it('errors only the operation on a missing queue, while another on the same socket keeps receiving', async () => {
    const url = await createQueue(app, 'stream-alive');
    const socket = client();
    const missing = subscribe(socket, MESSAGES, { queue: 'no-such-queue' }, (d) => d.messageReceived.body as string);
    const alive = subscribe(socket, MESSAGES, { queue: 'stream-alive' }, (d) => d.messageReceived.body as string);
    await missing.done();
    expect(missing.errors).toEqual([expect.objectContaining({ message: 'Queue no-such-queue does not exist', extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
    await sendMany(app, url, 2, 'alive');
    expect(await alive.waitFor(2)).toEqual(['alive-0', 'alive-1']);
  });

  it('refuses a visibility timeout out of range as BAD_USER_INPUT', async () => {
    const sub = subscribe(client(), 'subscription { messageReceived(queue: "stream-alive", visibilityTimeout: 50000) { body } }', {}, (d) => d);
    await sub.done();
    expect(sub.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });
});

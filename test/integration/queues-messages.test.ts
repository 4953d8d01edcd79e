import { createHash } from 'node:crypto';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData } from '../helpers/app';
import { mustCreateQueue, queueOf, receive, receiveAll, send, startQueuesApp, uniqueName } from '../helpers/queues';

describe('queues: send, receive, delete, visibility', () => {
  let app: App;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await startQueuesApp());
  });
  afterAll(() => close());

  const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

  it('round-trips a message with attributes of every type, then deletes it', async () => {
    const queue = uniqueName('roundtrip');
    await mustCreateQueue(app, { name: queue });
    const body = '{"orderId":"o-17","total":42.5,"items":["book","pen"]}';
    const attributes = [
      { name: 'source', value: 'web' },
      { name: 'priority', value: '-12.50e3', dataType: 'NUMBER' },
      { name: 'thumbnail', value: 'AAEC/w==', dataType: 'BINARY' },
      { name: 'note', value: 'ünïcødé ✓', dataType: 'STRING' },
    ];
    const sent = await send(app, { queue, body, attributes });
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage).toEqual({ messageId: expect.any(String), sequenceNumber: null, md5OfBody: md5(body) });

    const [message] = await receiveAll(app, queue, 1);
    expect(message).toEqual({
      messageId: sent.data!.sendMessage.messageId,
      queue,
      body,
      json: { orderId: 'o-17', total: 42.5, items: ['book', 'pen'] },
      attributes: [
        { name: 'note', value: 'ünïcødé ✓', dataType: 'STRING' },
        { name: 'priority', value: '-12.50e3', dataType: 'NUMBER' },
        { name: 'source', value: 'web', dataType: 'STRING' },
        { name: 'thumbnail', value: 'AAEC/w==', dataType: 'BINARY' },
      ],
      receiptHandle: expect.any(String),
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      receiveCount: 1,
      groupId: null,
      sequenceNumber: null,
    });

    const deleted = await gqlData(app, 'mutation($q: String!, $h: String!) { deleteMessage(queue: $q, receiptHandle: $h) }', { q: queue, h: message!.receiptHandle });
    expect(deleted.deleteMessage).toBe(true);
    expect((await queueOf(app, queue))?.attributes).toMatchObject({ approximateNumberOfMessages: 0, approximateNumberOfMessagesNotVisible: 0 });
  });

  it('parses JSON bodies into json and leaves it null for other text', async () => {
    const queue = uniqueName('json');
    await mustCreateQueue(app, { name: queue });
    for (const body of ['plain text', '[1,2,3]', '7', '{"broken":']) await send(app, { queue, body });
    const messages = await receiveAll(app, queue, 4);
    const byBody = Object.fromEntries(messages.map((m) => [m.body, m.json]));
    expect(byBody).toEqual({ 'plain text': null, '[1,2,3]': [1, 2, 3], '7': 7, '{"broken":': null });
  });

  it('hides a received message for its visibility timeout until changeMessageVisibility shows it again', async () => {
    const queue = uniqueName('visibility');
    await mustCreateQueue(app, { name: queue });
    await send(app, { queue, body: 'once' });
    const first = (await receive(app, { queue, visibilityTimeout: 600 })).data!.receiveMessages;
    expect(first.map((m: { body: string }) => m.body)).toEqual(['once']);
    expect((await receive(app, { queue })).data!.receiveMessages).toEqual([]);

    const changed = await gqlData(app, 'mutation($q: String!, $h: String!) { changeMessageVisibility(queue: $q, receiptHandle: $h, visibilityTimeout: 0) }', { q: queue, h: first[0].receiptHandle });
    expect(changed.changeMessageVisibility).toBe(true);
    const again = await receiveAll(app, queue, 1);
    expect(again.map((m) => [m.body, m.receiveCount])).toEqual([['once', 2]]);
  });

  it('honours a per-call visibilityTimeout of 0 and returns nothing from an empty queue', async () => {
    const queue = uniqueName('zero');
    await mustCreateQueue(app, { name: queue });
    expect((await receive(app, { queue, waitTimeSeconds: 1 })).data!.receiveMessages).toEqual([]);
    await send(app, { queue, body: 'again and again' });
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) counts.push(...(await receiveAll(app, queue, 1, { visibilityTimeout: 0 })).map((m) => m.receiveCount));
    expect(counts).toEqual([1, 2, 3]);
  });

  it('delays a message by delaySeconds', async () => {
    const queue = uniqueName('delay');
    await mustCreateQueue(app, { name: queue });
    expect((await send(app, { queue, body: 'later', delaySeconds: 600 })).errors).toBeUndefined();
    expect((await queueOf(app, queue))?.attributes).toMatchObject({ approximateNumberOfMessages: 0, approximateNumberOfMessagesDelayed: 1 });
    expect((await receive(app, { queue })).data!.receiveMessages).toEqual([]);
  });

  it('accepts a message of exactly 1 MiB with its attributes and refuses one byte more before calling AWS', async () => {
    const queue = uniqueName('size');
    await mustCreateQueue(app, { name: queue });
    // Attribute "k", type "String", value "v": 1 + 6 + 1 = 8 bytes counted with the body.
    const attributes = [{ name: 'k', value: 'v' }];
    const fits = await send(app, { queue, body: 'x'.repeat(1_048_576 - 8), attributes });
    expect(fits.errors).toBeUndefined();
    const tooBig = await send(app, { queue, body: 'é'.repeat(524_285), attributes });
    expect(codesOf(tooBig)).toEqual(['BAD_USER_INPUT']);
    expect(tooBig.errors?.[0]?.extensions?.fields).toEqual([{ field: 'body', message: 'message is 1048578 bytes with its attributes; SQS accepts at most 1048576' }]);
    const missing = await send(app, { queue: uniqueName('nowhere'), body: 'é'.repeat(524_285), attributes });
    expect(codesOf(missing)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps numbers as Number and checks them, and checks base64 binary values', async () => {
    const queue = uniqueName('types');
    await mustCreateQueue(app, { name: queue });
    const res = await send(app, {
      queue,
      body: 'x',
      attributes: [
        { name: 'n', value: '12 apples', dataType: 'NUMBER' },
        { name: 'b', value: 'not base64!', dataType: 'BINARY' },
        { name: 'n', value: 'dup' },
      ],
    });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual(['attributes.0.value', 'attributes.1.value', 'attributes.2.name']);
  });

  it('deletes with a receipt handle given by queue URL as well as by name', async () => {
    const queue = uniqueName('by-url');
    const { url } = await mustCreateQueue(app, { name: queue });
    await send(app, { queue: url, body: 'via url' });
    const [message] = await receiveAll(app, url, 1);
    expect(message?.queue).toBe(queue);
    expect((await gqlData(app, 'mutation($q: String!, $h: String!) { deleteMessage(queue: $q, receiptHandle: $h) }', { q: url, h: message!.receiptHandle })).deleteMessage).toBe(true);
    expect(await gql(app, 'mutation($q: String!) { receiveMessages(queue: $q) { body } }', { q: queue })).toEqual({ data: { receiveMessages: [] } });
  });
});

import type { App } from '../../src/app';
import { codesOf, gql } from '../helpers/app';
import { mustCreateQueue, receiveAll, send, startQueuesApp, uniqueName } from '../helpers/queues';

const SEND_MANY = 'mutation($q: String!, $e: [BatchMessageInput!]!) { sendMessages(queue: $q, entries: $e) { sent { messageId sequenceNumber md5OfBody } failed { index id code message } } }';

describe('queues: batches and FIFO', () => {
  let app: App;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await startQueuesApp());
  });
  afterAll(() => close());

  it('sends 25 entries in batches of 10 and reports the bad ones by index', async () => {
    const queue = uniqueName('batch');
    await mustCreateQueue(app, { name: queue });
    const entries: Array<Record<string, unknown>> = Array.from({ length: 25 }, (_, i) => ({ body: `message ${i}`, attributes: [{ name: 'n', value: String(i), dataType: 'NUMBER' }] }));
    entries[4] = { body: 'bad number', attributes: [{ name: 'n', value: 'four', dataType: 'NUMBER' }] };
    entries[17] = { body: 'bad delay', delaySeconds: 901 };
    entries[22] = { body: 'not for a standard queue', deduplicationId: 'd-22' };
    const res = await gql(app, SEND_MANY, { q: queue, e: entries });
    expect(res.errors).toBeUndefined();
    const { sent, failed } = res.data!.sendMessages;
    expect(sent).toHaveLength(22);
    expect(failed.map((f: { index: number; code: string }) => [f.index, f.code])).toEqual([
      [4, 'BAD_USER_INPUT'],
      [17, 'BAD_USER_INPUT'],
      [22, 'BAD_USER_INPUT'],
    ]);
    expect(failed[0].message).toContain('attributes.0.value');
    expect(failed[1].message).toContain('delaySeconds');
    expect(failed[2].message).toContain('deduplicationId');

    const received = await receiveAll(app, queue, 22, { visibilityTimeout: 600 });
    const expected = Array.from({ length: 25 }, (_, i) => i).filter((i) => ![4, 17, 22].includes(i));
    expect(received.map((m) => Number(m.attributes[0].value)).sort((a, b) => a - b)).toEqual(expected);
    expect(new Set(received.map((m) => m.messageId))).toEqual(new Set(sent.map((s: { messageId: string }) => s.messageId)));
  });

  it('NOT_FOUND for a missing queue when there is something to send', async () => {
    const res = await gql(app, SEND_MANY, { q: uniqueName('nowhere'), e: [{ body: 'x' }] });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
  });

  it('keeps FIFO order across batches within a group', async () => {
    const queue = (await mustCreateQueue(app, { name: uniqueName('ordered'), fifo: true, contentBasedDeduplication: true })).name;
    const entries = Array.from({ length: 15 }, (_, i) => ({ body: `step ${i}`, groupId: 'g1' }));
    const { sent, failed } = (await gql(app, SEND_MANY, { q: queue, e: entries })).data!.sendMessages;
    expect(failed).toEqual([]);
    expect(sent).toHaveLength(15);

    const bodies: string[] = [];
    for (let i = 0; i < 20 && bodies.length < 15; i++) {
      const batch = await receiveAll(app, queue, 10, {}, 1);
      for (const m of batch) {
        bodies.push(m.body);
        expect(m.groupId).toBe('g1');
        await gql(app, 'mutation($q: String!, $h: String!) { deleteMessage(queue: $q, receiptHandle: $h) }', { q: queue, h: m.receiptHandle });
      }
    }
    expect(bodies).toEqual(entries.map((e) => e.body));
  });

  it('numbers FIFO messages in increasing order, content-based deduplication included', async () => {
    const queue = (await mustCreateQueue(app, { name: uniqueName('sequence'), fifo: true, contentBasedDeduplication: true })).name;
    const entries = Array.from({ length: 12 }, (_, i) => ({ body: `n${i}`, groupId: i % 2 ? 'odd' : 'even' }));
    const { sent } = (await gql(app, SEND_MANY, { q: queue, e: entries })).data!.sendMessages;
    const sequence = sent.map((s: { sequenceNumber: string }) => BigInt(s.sequenceNumber));
    expect(sequence).toHaveLength(12);
    expect(sequence.every((n: bigint, i: number) => i === 0 || n > sequence[i - 1])).toBe(true);
    const [received] = await receiveAll(app, queue, 1, { visibilityTimeout: 600 });
    expect(BigInt(received!.sequenceNumber)).toBe(sequence[0]);
  });

  it('deduplicates by deduplicationId: the same id twice is one message', async () => {
    const queue = (await mustCreateQueue(app, { name: uniqueName('dedup'), fifo: true })).name;
    const first = await send(app, { queue, body: 'charge card', groupId: 'orders', deduplicationId: 'order-17' });
    expect(first.data!.sendMessage.sequenceNumber).toMatch(/^\d+$/);
    expect((await send(app, { queue, body: 'charge card again', groupId: 'orders', deduplicationId: 'order-17' })).errors).toBeUndefined();
    const received = await receiveAll(app, queue, 2, { visibilityTimeout: 600, waitTimeSeconds: 0 }, 3);
    expect(received.map((m) => [m.body, m.groupId, m.sequenceNumber])).toEqual([['charge card', 'orders', first.data!.sendMessage.sequenceNumber]]);
  });

  it('deduplicates by content when the queue says so and no deduplicationId is given', async () => {
    const queue = (await mustCreateQueue(app, { name: uniqueName('content'), fifo: true, contentBasedDeduplication: true })).name;
    for (const body of ['same', 'same', 'different']) expect((await send(app, { queue, body, groupId: 'g' })).errors).toBeUndefined();
    const received = await receiveAll(app, queue, 3, { visibilityTimeout: 600, waitTimeSeconds: 0 }, 3);
    expect(received.map((m) => m.body)).toEqual(['same', 'different']);
  });

  it('refuses FIFO sends without groupId or with delaySeconds before calling AWS', async () => {
    const queue = `${uniqueName('never-created')}.fifo`;
    const res = await send(app, { queue, body: 'x', delaySeconds: 5 });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual(['groupId', 'delaySeconds']);
  });
});

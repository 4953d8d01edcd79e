import type { App } from '../../src/app';
import { codesOf, gql, gqlData } from '../helpers/app';
import { createQueue, mustCreateQueue, receive, receiveAll, send, startQueuesApp, uniqueName } from '../helpers/queues';

const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => (res.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field);

describe('queues: validation and error codes', () => {
  let app: App;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await startQueuesApp());
  });
  afterAll(() => close());

  it('checks queue names as AWS does', async () => {
    for (const name of ['has space', 'a'.repeat(81), 'dots.are.not.ok', '']) {
      const res = await createQueue(app, { name });
      expect([name, codesOf(res), fieldsOf(res)]).toEqual([name, ['BAD_USER_INPUT'], ['name']]);
    }
    const longFifo = await createQueue(app, { name: 'f'.repeat(76), fifo: true });
    expect([codesOf(longFifo), fieldsOf(longFifo)]).toEqual([['BAD_USER_INPUT'], ['name']]);
    expect((await mustCreateQueue(app, { name: 'f'.repeat(75), fifo: true })).name).toBe(`${'f'.repeat(75)}.fifo`);
    expect((await mustCreateQueue(app, { name: 'a'.repeat(80) })).name).toBe('a'.repeat(80));
  });

  it('refuses a .fifo name without fifo: true and content-based deduplication on a standard queue', async () => {
    const suffix = await createQueue(app, { name: 'jobs.fifo' });
    expect([codesOf(suffix), fieldsOf(suffix)]).toEqual([['BAD_USER_INPUT'], ['name']]);
    const dedup = await createQueue(app, { name: uniqueName('std'), contentBasedDeduplication: true });
    expect([codesOf(dedup), fieldsOf(dedup)]).toEqual([['BAD_USER_INPUT'], ['contentBasedDeduplication']]);
  });

  it('checks every attribute range before calling AWS', async () => {
    const res = await createQueue(app, {
      name: uniqueName('ranges'),
      visibilityTimeout: 43201,
      messageRetentionPeriod: 59,
      delaySeconds: 901,
      receiveMessageWaitTimeSeconds: 21,
      deadLetter: { queue: 'anything', maxReceiveCount: 0 },
    });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(res).sort()).toEqual(['deadLetter.maxReceiveCount', 'delaySeconds', 'messageRetentionPeriod', 'receiveMessageWaitTimeSeconds', 'visibilityTimeout']);
  });

  it('checks receive counts: maxMessages 1-10, waitTimeSeconds 0-20, visibilityTimeout 0-43200', async () => {
    const res = await receive(app, { queue: 'any', maxMessages: 11, waitTimeSeconds: 21, visibilityTimeout: 43201 });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(res).sort()).toEqual(['maxMessages', 'visibilityTimeout', 'waitTimeSeconds']);
    expect(fieldsOf(await receive(app, { queue: 'any', maxMessages: 0 }))).toEqual(['maxMessages']);
  });

  it('checks message fields: body, attribute count and names, group and deduplication ids', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `a${i}`, value: 'v' }));
    expect(fieldsOf(await send(app, { queue: 'q', body: 'x', attributes: eleven }))).toEqual(['attributes']);
    expect(fieldsOf(await send(app, { queue: 'q', body: '' }))).toEqual(['body']);
    expect(fieldsOf(await send(app, { queue: 'q', body: 'bell \u0007' }))).toEqual(['body']);
    expect(fieldsOf(await send(app, { queue: 'q', body: 'x', attributes: [{ name: 'AWS.reserved', value: 'v' }] }))).toEqual(['attributes.0.name']);
    expect(fieldsOf(await send(app, { queue: 'q.fifo', body: 'x', groupId: 'has space' }))).toEqual(['groupId']);
    expect(fieldsOf(await send(app, { queue: 'q', body: 'x', deduplicationId: 'd'.repeat(129) }))).toEqual(['deduplicationId']);
    expect(fieldsOf(await send(app, { queue: 'q', body: 'x', delaySeconds: 901 }))).toEqual(['delaySeconds']);
  });

  it('NOT_FOUND naming the queue for every operation on a missing queue', async () => {
    const q = uniqueName('missing');
    const ops = [
      send(app, { queue: q, body: 'x' }),
      receive(app, { queue: q }),
      gql(app, 'mutation($q: String!) { deleteMessage(queue: $q, receiptHandle: "h") }', { q }),
      gql(app, 'mutation($q: String!) { changeMessageVisibility(queue: $q, receiptHandle: "h", visibilityTimeout: 1) }', { q }),
      gql(app, 'mutation($q: String!) { purgeQueue(name: $q) }', { q }),
      gql(app, 'mutation($q: String!) { deleteQueue(name: $q) }', { q }),
    ];
    for (const res of await Promise.all(ops)) {
      expect(codesOf(res)).toEqual(['NOT_FOUND']);
      expect(res.errors?.[0]?.message).toBe(`Queue ${q} does not exist`);
    }
  });

  it('BAD_USER_INPUT for a reference that cannot be a queue', async () => {
    const res = await send(app, { queue: 'arn:aws:sns:us-east-1:000000000000:a-topic', body: 'x' });
    expect([codesOf(res), fieldsOf(res)]).toEqual([['BAD_USER_INPUT'], ['queue']]);
    const lookup = await gql(app, '{ queue(name: "no such/queue") { name } }');
    expect([codesOf(lookup), fieldsOf(lookup)]).toEqual([['BAD_USER_INPUT'], ['name']]);
  });

  it('BAD_USER_INPUT on receiptHandle for a handle that is not one', async () => {
    const queue = uniqueName('handles');
    await mustCreateQueue(app, { name: queue });
    const del = await gql(app, 'mutation($q: String!) { deleteMessage(queue: $q, receiptHandle: "garbage") }', { q: queue });
    expect([codesOf(del), fieldsOf(del)]).toEqual([['BAD_USER_INPUT'], ['receiptHandle']]);
    const vis = await gql(app, 'mutation($q: String!) { changeMessageVisibility(queue: $q, receiptHandle: "garbage", visibilityTimeout: 5) }', { q: queue });
    expect([codesOf(vis), fieldsOf(vis)]).toEqual([['BAD_USER_INPUT'], ['receiptHandle']]);
    const range = await gql(app, 'mutation($q: String!) { changeMessageVisibility(queue: $q, receiptHandle: "h", visibilityTimeout: 43201) }', { q: queue });
    expect([codesOf(range), fieldsOf(range)]).toEqual([['BAD_USER_INPUT'], ['visibilityTimeout']]);
  });

  it('NOT_FOUND to change the visibility of a message that was deleted', async () => {
    const queue = uniqueName('deleted');
    await mustCreateQueue(app, { name: queue });
    await send(app, { queue, body: 'x' });
    const [message] = await receiveAll(app, queue, 1);
    await gqlData(app, 'mutation($q: String!, $h: String!) { deleteMessage(queue: $q, receiptHandle: $h) }', { q: queue, h: message!.receiptHandle });
    const res = await gql(app, 'mutation($q: String!, $h: String!) { changeMessageVisibility(queue: $q, receiptHandle: $h, visibilityTimeout: 5) }', { q: queue, h: message!.receiptHandle });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
  });

  it('THROTTLED for a second purge within 60 seconds', async () => {
    const queue = uniqueName('purged');
    await mustCreateQueue(app, { name: queue });
    expect((await gqlData(app, 'mutation($q: String!) { purgeQueue(name: $q) }', { q: queue })).purgeQueue).toBe(true);
    const again = await gql(app, 'mutation($q: String!) { purgeQueue(name: $q) }', { q: queue });
    expect(codesOf(again)).toEqual(['THROTTLED']);
  });
});

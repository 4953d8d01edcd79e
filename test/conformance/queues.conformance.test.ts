import { QueueUrlCache } from '../../src/datasources/queue-urls';
import { QueuesDataSource } from '../../src/datasources/queues.datasource';
import { ConflictError, NotFoundError, ThrottledError, ValidationError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';
import { AttributeDataType } from '../../src/types/attribute.type';
import type { BatchMessageInput, CreateQueueInput, SendMessageInput } from '../../src/types/queue.input';
import { backendNames, startBackend, type Backend } from '../helpers/backends';

/** Where a backend departs from AWS, the checks that would fail on it (and why). */
const DEPARTURES: Record<string, Partial<Record<Backend['name'], string>>> = {
  paging: { moto: 'moto 5.2.1 ignores MaxResults and never returns a NextToken' },
  sequence: { moto: 'moto 5.2.1 gives FIFO messages a SequenceNumber only when a deduplicationId is passed' },
  purge: { moto: 'moto 5.2.1 lets purges follow each other at once (AWS: one per 60 s, PurgeQueueInProgress)' },
  gone: { moto: 'moto 5.2.1 answers ReceiptHandleIsInvalid where AWS says the message does not exist or is not available' },
  redrive: { moto: 'moto 5.2.1 does not implement StartMessageMoveTask' },
};

/** What QueuesDataSource promises, checked on the embedded local AWS and on moto with the same SDK calls. */
describe.each(backendNames())('QueuesDataSource on %s', (name) => {
  let backend: Backend;
  const urls = new QueueUrlCache();
  // A new instance per step, as the API builds one per request.
  const queues = () => new QueuesDataSource({ sqs: backend.clients.sqs, cursors: new CursorCodec('conformance'), urls, region: 'us-east-1' });
  const rejection = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err);
  const create = (input: Partial<CreateQueueInput> & { name: string }) => queues().create(input as CreateQueueInput);
  const send = (input: Partial<SendMessageInput>) => queues().send(input as SendMessageInput);

  /** Whether the backend departs from AWS on this point; says so when it does. */
  const departs = (point: string): boolean => {
    const reason = DEPARTURES[point]?.[name];
    if (reason) console.warn(`skipped on ${name}: ${reason}`);
    return Boolean(reason);
  };

  beforeAll(async () => {
    backend = await startBackend(name);
  });
  afterAll(() => backend.stop());

  it('creates, reads and deletes queues with the same attributes everywhere', async () => {
    const q = await create({ name: 'conf-std', visibilityTimeout: 40, messageRetentionPeriod: 3600, delaySeconds: 2, receiveMessageWaitTimeSeconds: 3 });
    expect(q).toEqual({ name: 'conf-std', url: expect.stringMatching(/\/\d{12}\/conf-std$/), fifo: false });
    const details = await queues().detailsOf(q);
    expect(details.arn).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:conf-std$/);
    expect(details.attributes).toMatchObject({ visibilityTimeout: 40, messageRetentionPeriod: 3600, delaySeconds: 2, receiveMessageWaitTimeSeconds: 3, maximumMessageSize: 1048576, contentBasedDeduplication: null });
    expect(await queues().get(details.arn)).toEqual(q);
    expect(await rejection(create({ name: 'conf-std', visibilityTimeout: 41 }))).toBeInstanceOf(ConflictError);
    expect(await queues().remove('conf-std')).toBe(true);
    expect(await queues().get('conf-std')).toBeNull();
    expect(await rejection(queues().remove('conf-std'))).toBeInstanceOf(NotFoundError);
  });

  it('lists by prefix', async () => {
    for (const n of ['conf-list-a', 'conf-list-b', 'conf-other']) await create({ name: n });
    const page = await queues().list({ prefix: 'conf-list-', limit: 1000 });
    expect(page.items.map((i) => i.name).sort()).toEqual(['conf-list-a', 'conf-list-b']);
  });

  it('pages with limit and a signed nextToken', async () => {
    if (departs('paging')) return;
    for (const n of ['conf-page-1', 'conf-page-2', 'conf-page-3']) await create({ name: n });
    const first = await queues().list({ prefix: 'conf-page-', limit: 2 });
    const second = await queues().list({ prefix: 'conf-page-', limit: 2, nextToken: first.nextToken });
    expect([first.items.length, second.items.length, second.nextToken]).toEqual([2, 1, null]);
    expect(await rejection(queues().list({ prefix: 'other', nextToken: first.nextToken }))).toBeInstanceOf(ValidationError);
  });

  it('sends and receives attributes of every type, with system attributes', async () => {
    await create({ name: 'conf-msg' });
    const sent = await send({ queue: 'conf-msg', body: '{"a":1}', attributes: [
      { name: 's', value: 'text', dataType: AttributeDataType.STRING },
      { name: 'n', value: '1.50', dataType: AttributeDataType.NUMBER },
      { name: 'b', value: 'AAEC/w==', dataType: AttributeDataType.BINARY },
    ] });
    const [m] = await queues().receive('conf-msg', { maxMessages: 10, waitTimeSeconds: 1 });
    expect(m).toMatchObject({
      messageId: sent.messageId,
      queue: 'conf-msg',
      body: '{"a":1}',
      json: { a: 1 },
      attributes: [
        { name: 'b', value: 'AAEC/w==', dataType: 'BINARY' },
        { name: 'n', value: '1.50', dataType: 'NUMBER' },
        { name: 's', value: 'text', dataType: 'STRING' },
      ],
      receiveCount: 1,
    });
    expect(m?.sentAt).toBeInstanceOf(Date);
    expect(await queues().deleteMessage('conf-msg', m!.receiptHandle!)).toBe(true);
    expect(await queues().receive('conf-msg')).toEqual([]);
  });

  it('sends 23 entries in three batches and keeps FIFO order and deduplication', async () => {
    const fifo = await create({ name: 'conf-fifo', fifo: true });
    const entries = Array.from({ length: 23 }, (_, i) => ({ body: `e${i}`, groupId: 'g', deduplicationId: `d${i % 20}` }) as BatchMessageInput);
    const { sent, failed } = await queues().sendBatch(fifo.name, entries);
    expect([sent.length, failed]).toEqual([23, []]);
    const bodies: string[] = [];
    for (let i = 0; i < 10 && bodies.length < 20; i++) {
      for (const m of await queues().receive(fifo.name, { maxMessages: 10, waitTimeSeconds: 1 })) {
        bodies.push(m.body);
        await queues().deleteMessage(fifo.name, m.receiptHandle!);
      }
    }
    // e20-e22 reuse deduplication ids d0-d2 within 5 minutes: accepted, not delivered.
    expect(bodies).toEqual(Array.from({ length: 20 }, (_, i) => `e${i}`));
  });

  it('moves a message to the dead-letter queue after maxReceiveCount', async () => {
    await create({ name: 'conf-dlq' });
    await create({ name: 'conf-src', deadLetter: { queue: 'conf-dlq', maxReceiveCount: 1 } });
    await send({ queue: 'conf-src', body: 'poison' });
    expect((await queues().receive('conf-src', { visibilityTimeout: 0, waitTimeSeconds: 1 })).map((m) => m.receiveCount)).toEqual([1]);
    expect(await queues().receive('conf-src', { visibilityTimeout: 0 })).toEqual([]);
    expect((await queues().receive('conf-dlq', { waitTimeSeconds: 1 })).map((m) => m.body)).toEqual(['poison']);
    expect(await rejection(queues().redrive('conf-src'))).toBeInstanceOf(ValidationError);
  });

  it('shows a message again after changeVisibility 0, and maps bad handles and missing queues', async () => {
    await create({ name: 'conf-vis' });
    await send({ queue: 'conf-vis', body: 'v' });
    const [m] = await queues().receive('conf-vis', { visibilityTimeout: 600, waitTimeSeconds: 1 });
    expect(await queues().receive('conf-vis')).toEqual([]);
    await queues().changeVisibility('conf-vis', m!.receiptHandle!, 0);
    expect((await queues().receive('conf-vis', { waitTimeSeconds: 1 })).map((x) => x.receiveCount)).toEqual([2]);
    const bad = await rejection(queues().deleteMessage('conf-vis', 'garbage'));
    expect((bad as ValidationError).fields).toEqual([{ field: 'receiptHandle', message: 'receiptHandle is not a valid receipt handle of queue conf-vis' }]);
    expect(await rejection(queues().receive('conf-none'))).toBeInstanceOf(NotFoundError);
  });

  it('numbers every FIFO message, content-based deduplication included', async () => {
    if (departs('sequence')) return;
    const fifo = await create({ name: 'conf-seq', fifo: true, contentBasedDeduplication: true });
    const { sent } = await queues().sendBatch(fifo.name, [{ body: 'a', groupId: 'g' }, { body: 'b', groupId: 'h' }] as BatchMessageInput[]);
    const numbers = sent.map((r) => BigInt(r.sequenceNumber ?? '0'));
    expect(numbers[0]! > 0n && numbers[1]! > numbers[0]!).toBe(true);
  });

  it('THROTTLED for a second purge within 60 seconds', async () => {
    if (departs('purge')) return;
    await create({ name: 'conf-purge' });
    expect(await queues().purge('conf-purge')).toBe(true);
    expect(await rejection(queues().purge('conf-purge'))).toBeInstanceOf(ThrottledError);
  });

  it('NOT_FOUND to change the visibility of a deleted message', async () => {
    if (departs('gone')) return;
    await create({ name: 'conf-gone' });
    await send({ queue: 'conf-gone', body: 'x' });
    const [m] = await queues().receive('conf-gone', { waitTimeSeconds: 1 });
    await queues().deleteMessage('conf-gone', m!.receiptHandle!);
    expect(await rejection(queues().changeVisibility('conf-gone', m!.receiptHandle!, 5))).toBeInstanceOf(NotFoundError);
  });

  it('redrives a dead-letter queue back to its source', async () => {
    if (departs('redrive')) return;
    await create({ name: 'conf-rdlq' });
    await create({ name: 'conf-rsrc', deadLetter: { queue: 'conf-rdlq', maxReceiveCount: 1 } });
    await send({ queue: 'conf-rsrc', body: 'again' });
    await queues().receive('conf-rsrc', { visibilityTimeout: 0, waitTimeSeconds: 1 });
    await queues().receive('conf-rsrc', { visibilityTimeout: 0 });
    const { taskHandle } = await queues().redrive('conf-rdlq');
    expect(taskHandle.length).toBeGreaterThan(0);
    expect((await queues().receive('conf-rsrc', { waitTimeSeconds: 5 })).map((m) => m.body)).toEqual(['again']);
  });
});

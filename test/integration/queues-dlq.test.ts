import type { App } from '../../src/app';
import { codesOf, gql } from '../helpers/app';
import { createQueue, mustCreateQueue, queueOf, receive, receiveAll, send, startQueuesApp, uniqueName } from '../helpers/queues';

const REDRIVE = 'mutation($q: String!) { redriveMessages(deadLetterQueue: $q) { taskHandle } }';

describe('queues: dead-letter queues and redrive', () => {
  let app: App;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await startQueuesApp());
  });
  afterAll(() => close());

  /** A source queue whose messages go to a new dead-letter queue after 2 receives. */
  async function sourceWithDlq(dlqRef: (dlq: Record<string, any>) => string = (dlq) => dlq.name) {
    const dlq = await mustCreateQueue(app, { name: uniqueName('dlq') });
    const source = await mustCreateQueue(app, { name: uniqueName('work'), deadLetter: { queue: dlqRef(dlq), maxReceiveCount: 2 } });
    return { dlq, source };
  }

  it('creates a queue with a dead-letter queue given by name, URL or ARN, resolved to its ARN', async () => {
    for (const ref of [(d: Record<string, any>) => d.name, (d: Record<string, any>) => d.url, (d: Record<string, any>) => d.arn]) {
      const { dlq, source } = await sourceWithDlq(ref);
      expect(source.attributes).toMatchObject({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 });
    }
  });

  it('NOT_FOUND for a dead-letter queue that does not exist, naming it', async () => {
    const missing = uniqueName('no-dlq');
    const res = await createQueue(app, { name: uniqueName('work'), deadLetter: { queue: missing, maxReceiveCount: 3 } });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.errors?.[0]?.message).toBe(`Dead-letter queue ${missing} does not exist`);
  });

  it('BAD_USER_INPUT when FIFO-ness of queue and dead-letter queue differ', async () => {
    const fifoDlq = await mustCreateQueue(app, { name: uniqueName('fifo-dlq'), fifo: true });
    const res = await createQueue(app, { name: uniqueName('std'), deadLetter: { queue: fifoDlq.arn, maxReceiveCount: 3 } });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('deadLetter.queue');
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const { dlq, source } = await sourceWithDlq();
    await send(app, { queue: source.name, body: 'poison' });
    const counts = [];
    for (let i = 0; i < 2; i++) counts.push(...(await receiveAll(app, source.name, 1, { visibilityTimeout: 0 })).map((m) => m.receiveCount));
    expect(counts).toEqual([1, 2]);
    expect((await receive(app, { queue: source.name, visibilityTimeout: 0 })).data!.receiveMessages).toEqual([]);
    const [dead] = await receiveAll(app, dlq.name, 1, { visibilityTimeout: 0 });
    expect(dead?.body).toBe('poison');
  });

  it('redrives dead letters back to their source queue', async () => {
    const { dlq, source } = await sourceWithDlq();
    await send(app, { queue: source.name, body: 'retry me' });
    for (let i = 0; i < 3; i++) await receive(app, { queue: source.name, visibilityTimeout: 0, waitTimeSeconds: 1 });
    expect((await queueOf(app, dlq.name))?.attributes.approximateNumberOfMessages).toBe(1);

    const res = await gql(app, REDRIVE, { q: dlq.arn });
    expect(res.errors).toBeUndefined();
    expect(res.data!.redriveMessages.taskHandle).toEqual(expect.any(String));
    expect(res.data!.redriveMessages.taskHandle.length).toBeGreaterThan(0);
    const [back] = await receiveAll(app, source.name, 1);
    expect(back?.body).toBe('retry me');
    expect((await queueOf(app, dlq.name))?.attributes.approximateNumberOfMessages).toBe(0);
  });

  it('BAD_USER_INPUT to redrive a queue that is no dead-letter queue, NOT_FOUND for a missing one', async () => {
    const plain = await mustCreateQueue(app, { name: uniqueName('plain') });
    const res = await gql(app, REDRIVE, { q: plain.name });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('deadLetterQueue');
    expect(codesOf(await gql(app, REDRIVE, { q: uniqueName('missing') }))).toEqual(['NOT_FOUND']);
  });
});

import type { App } from '../../src/app';
import { codesOf, gql, gqlData } from '../helpers/app';
import { createQueue, mustCreateQueue, queueOf, startQueuesApp, uniqueName } from '../helpers/queues';

describe('queues: create, read, list, delete, purge', () => {
  let app: App;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await startQueuesApp());
  });
  afterAll(() => close());

  it('creates a standard queue with the given attributes and reads them back live', async () => {
    const name = uniqueName('orders');
    const created = await mustCreateQueue(app, { name, visibilityTimeout: 45, messageRetentionPeriod: 86400, delaySeconds: 5, receiveMessageWaitTimeSeconds: 10 });
    expect(created).toMatchObject({ name, fifo: false });
    expect(created.url).toMatch(new RegExp(`/\\d{12}/${name}$`));
    expect(created.arn).toMatch(new RegExp(`^arn:aws:sqs:us-east-1:\\d{12}:${name}$`));
    expect(created.attributes).toMatchObject({
      visibilityTimeout: 45,
      messageRetentionPeriod: 86400,
      delaySeconds: 5,
      receiveMessageWaitTimeSeconds: 10,
      maximumMessageSize: 1048576,
      approximateNumberOfMessages: 0,
      contentBasedDeduplication: null,
      deadLetterTargetArn: null,
      maxReceiveCount: null,
    });
    expect(Date.parse(created.attributes.createdAt)).not.toBeNaN();
    expect(await queueOf(app, name)).toEqual(created);
  });

  it('applies the contract defaults when only a name is given', async () => {
    const created = await mustCreateQueue(app, { name: uniqueName('defaults') });
    expect(created.attributes).toMatchObject({ visibilityTimeout: 30, messageRetentionPeriod: 345600, delaySeconds: 0, receiveMessageWaitTimeSeconds: 0 });
  });

  it('creates a FIFO queue, appending .fifo, with content-based deduplication', async () => {
    const name = uniqueName('jobs');
    const created = await mustCreateQueue(app, { name, fifo: true, contentBasedDeduplication: true });
    expect(created).toMatchObject({ name: `${name}.fifo`, fifo: true, attributes: { contentBasedDeduplication: true } });
    const again = await mustCreateQueue(app, { name: `${name}.fifo`, fifo: true, contentBasedDeduplication: true });
    expect(again.url).toBe(created.url);
  });

  it('finds a queue by name, URL and ARN, and answers null for a missing one', async () => {
    const name = uniqueName('lookup');
    const created = await mustCreateQueue(app, { name });
    expect((await queueOf(app, created.url))?.name).toBe(name);
    expect((await queueOf(app, created.arn))?.url).toBe(created.url);
    expect(await queueOf(app, uniqueName('missing'))).toBeNull();
  });

  it('is idempotent for the same attributes and CONFLICT for different ones', async () => {
    const name = uniqueName('same');
    const first = await mustCreateQueue(app, { name, visibilityTimeout: 40 });
    expect((await mustCreateQueue(app, { name, visibilityTimeout: 40 })).url).toBe(first.url);
    const res = await createQueue(app, { name, visibilityTimeout: 41 });
    expect(codesOf(res)).toEqual(['CONFLICT']);
    expect(res.errors?.[0]?.message).toContain(name);
  });

  it('lists queues by prefix, 3 per page: 3, 3, 1', async () => {
    const prefix = uniqueName('page');
    const names = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`);
    for (const name of names) await mustCreateQueue(app, { name });
    const seen: string[] = [];
    const sizes: number[] = [];
    let nextToken: string | null = null;
    do {
      const page: any = (await gqlData(app, 'query($p: String, $t: String) { queues(prefix: $p, limit: 3, nextToken: $t) { items { name fifo } nextToken } }', { p: prefix, t: nextToken })).queues;
      sizes.push(page.items.length);
      seen.push(...page.items.map((q: { name: string }) => q.name));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen.sort()).toEqual(names);
  });

  it('refuses a forged nextToken, a limit out of 1-1000 and a prefix no name can have as BAD_USER_INPUT', async () => {
    const forged = await gql(app, '{ queues(nextToken: "eyJwIjoieCJ9.c2lnbmF0dXJl") { items { name } } }');
    expect(codesOf(forged)).toEqual(['BAD_USER_INPUT']);
    expect(forged.errors?.[0]?.extensions?.fields).toEqual([{ field: 'nextToken', message: expect.any(String) }]);
    const limit = await gql(app, '{ queues(limit: 1001) { items { name } } }');
    expect(codesOf(limit)).toEqual(['BAD_USER_INPUT']);
    expect(limit.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('limit');
    const prefix = await gql(app, '{ queues(prefix: "a*b") { items { name } } }');
    expect(prefix.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('prefix');
  });

  it('deletes a queue, then NOT_FOUND naming it', async () => {
    const name = uniqueName('gone');
    await mustCreateQueue(app, { name });
    expect((await gqlData(app, 'mutation($n: String!) { deleteQueue(name: $n) }', { n: name })).deleteQueue).toBe(true);
    expect(await queueOf(app, name)).toBeNull();
    const again = await gql(app, 'mutation($n: String!) { deleteQueue(name: $n) }', { n: name });
    expect(codesOf(again)).toEqual(['NOT_FOUND']);
    expect(again.errors?.[0]?.message).toBe(`Queue ${name} does not exist`);
  });

  it('purges a queue of its messages', async () => {
    const name = uniqueName('purge');
    await mustCreateQueue(app, { name });
    await gqlData(app, 'mutation($q: String!) { sendMessage(input: { queue: $q, body: "x" }) { messageId } }', { q: name });
    expect((await queueOf(app, name))?.attributes.approximateNumberOfMessages).toBe(1);
    expect((await gqlData(app, 'mutation($n: String!) { purgeQueue(name: $n) }', { n: name })).purgeQueue).toBe(true);
    expect((await queueOf(app, name))?.attributes.approximateNumberOfMessages).toBe(0);
    expect(codesOf(await gql(app, 'mutation { purgeQueue(name: "no-such-queue-x") }'))).toEqual(['NOT_FOUND']);
  });
});

import { CreateTopicCommand, DeleteTopicCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { App } from '../../src/app';
import { EventBus } from '../../src/datasources/event-bus';
import { SnsAccount } from '../../src/aws/sns-account';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';
import { mustCreateQueue, receive, receiveAll } from '../helpers/queues';

const EVENTS_TOPIC = 'arn:aws:sns:us-east-1:000000000000:aws-graphql-events';
const PUBLISH_EVENT = 'mutation($type: String!, $data: JSON!, $source: String) { publishEvent(type: $type, data: $data, source: $source) { eventId type source timestamp data } }';
const SUBSCRIBE = 'mutation($input: SubscribeInput!) { subscribe(input: $input) { arn } }';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.fields?.map((f: { field: string }) => f.field);

describe('events over GraphQL (embedded local AWS)', () => {
  let app: App;
  /** A queue subscribed to the events topic (raw delivery: the SQS body is the event itself). */
  const listener = async (name: string, filterPolicy?: unknown) => {
    const queue = await mustCreateQueue(app, { name });
    await gqlData(app, SUBSCRIBE, { input: { topic: 'aws-graphql-events', protocol: 'SQS', endpoint: name, rawMessageDelivery: true, filterPolicy } });
    return queue;
  };
  const eventsOn = async (queue: string, count: number) => {
    const arrived = await receiveAll(app, queue, count);
    const extra = (await receive(app, { queue, maxMessages: 10, waitTimeSeconds: 1 })).data?.receiveMessages ?? [];
    return [...arrived, ...extra].map((m: { json: any }) => m.json);
  };

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('publishes {eventId, type, source, timestamp, data} with type and source as message attributes', async () => {
    const queue = await mustCreateQueue(app, { name: 'events-wrapped' });
    await gqlData(app, SUBSCRIBE, { input: { topic: 'aws-graphql-events', protocol: 'SQS', endpoint: queue.arn } });
    const before = Date.now();
    const { publishEvent } = await gqlData(app, PUBLISH_EVENT, { type: 'order.created', data: { orderId: 'o-1', total: 12.5, items: [{ sku: 'A1', qty: 2 }] }, source: 'checkout' });
    expect(publishEvent).toEqual({ eventId: expect.stringMatching(UUID), type: 'order.created', source: 'checkout', timestamp: expect.any(String), data: { orderId: 'o-1', total: 12.5, items: [{ sku: 'A1', qty: 2 }] } });
    expect(Date.parse(publishEvent.timestamp)).toBeGreaterThanOrEqual(before - 1000);

    const { Messages } = await app.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 5 }));
    const envelope = JSON.parse(Messages?.[0]?.Body ?? '{}');
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn: EVENTS_TOPIC,
      MessageAttributes: { type: { Type: 'String', Value: 'order.created' }, source: { Type: 'String', Value: 'checkout' } },
    });
    expect(JSON.parse(envelope.Message)).toEqual(publishEvent);
  });

  it('lets subscribers filter on the type attribute, and leaves source out when there is none', async () => {
    await listener('events-orders', { type: ['order.created', 'order.shipped'] });
    for (const type of ['order.created', 'order.cancelled', 'order.shipped', 'user.created']) {
      await gqlData(app, PUBLISH_EVENT, { type, data: { n: type } });
    }
    const received = await eventsOn('events-orders', 2);
    expect(received.map((e) => e.type).sort()).toEqual(['order.created', 'order.shipped']);
    expect(received.map((e) => e.source)).toEqual([null, null]);
    const [message] = (await receiveAll(app, 'events-wrapped', 4)).filter((m) => m.json.type === 'order.cancelled');
    expect(message?.attributes).toEqual([{ name: 'type', value: 'order.cancelled', dataType: 'STRING' }]);
  });

  it('refuses bad types, sources and oversized data with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: '', data: {} }, 'type'],
      [{ type: 'has space', data: {} }, 'type'],
      [{ type: 'x'.repeat(129), data: {} }, 'type'],
      [{ type: 'ok.type', data: {}, source: 'line\nbreak' }, 'source'],
      [{ type: 'ok.type', data: {}, source: '' }, 'source'],
      [{ type: 'ok.type', data: { blob: 'x'.repeat(262_144) } }, 'data'],
    ];
    for (const [variables, field] of cases) {
      const res = await gql(app, PUBLISH_EVENT, variables);
      expect({ field, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ field, codes: ['BAD_USER_INPUT'], fields: [field] });
    }
    const inline = await gqlData(app, 'mutation { publishEvent(type: "inline.data", data: { a: [1, "two"], b: { c: null } }) { data } }');
    expect(inline.publishEvent.data).toEqual({ a: [1, 'two'], b: { c: null } });
    const longest = await gqlData(app, PUBLISH_EVENT, { type: `a:b.c-d_${'e'.repeat(120)}`, data: 0 });
    expect(longest.publishEvent.type).toHaveLength(128);
  });

  it('publishes user.created, user.updated and user.deleted after each users write', async () => {
    await listener('events-users', { type: [{ prefix: 'user.' }] });
    await gqlData(app, 'mutation { createUser(input: { userId: "ev_ada", email: "ada@example.com", name: "Ada", age: 36 }) { userId } }');
    await gqlData(app, 'mutation { updateUser(userId: "ev_ada", input: { name: "Ada L." }) { version } }');
    await gqlData(app, 'mutation { createUsers(input: [{ userId: "ev_bob", email: "bob@example.com", name: "Bob" }, { userId: "ev_ada", email: "dup@example.com", name: "Dup" }]) { written } }');
    await gqlData(app, 'mutation { deleteUser(userId: "ev_ada") { userId } }');
    const refused = await gql(app, 'mutation { createUser(input: { userId: "ev_bob", email: "bob2@example.com", name: "Bob" }) { userId } }');
    expect(codesOf(refused)).toEqual(['CONFLICT']);

    const events = await eventsOn('events-users', 4);
    const ada = { userId: 'ev_ada', email: 'ada@example.com', name: 'Ada', age: 36, version: 1 };
    expect(events.map(({ type, source, data }) => ({ type, source, data })).sort((a, b) => a.type.localeCompare(b.type) || a.data.user.userId.localeCompare(b.data.user.userId))).toEqual([
      { type: 'user.created', source: 'aws-graphql', data: { user: ada } },
      { type: 'user.created', source: 'aws-graphql', data: { user: { userId: 'ev_bob', email: 'bob@example.com', name: 'Bob', age: null, version: 1 } } },
      { type: 'user.deleted', source: 'aws-graphql', data: { user: { ...ada, name: 'Ada L.', version: 2 } } },
      { type: 'user.updated', source: 'aws-graphql', data: { user: { ...ada, name: 'Ada L.', version: 2 }, changed: ['name'] } },
    ]);
    for (const e of events) expect(e.eventId).toMatch(UUID);
  });

  it('announces every user of a large createUsers, its PublishBatch calls several at a time', async () => {
    await listener('events-many', { type: ['user.created'] });
    const input = Array.from({ length: 45 }, (_, i) => ({ userId: `ev_many_${i}`, email: `many${i}@example.com`, name: `Many ${i}` }));
    const before = app.localAws?.requestCounts.get('sns:PublishBatch') ?? 0;
    expect((await gqlData(app, 'mutation($input: [CreateUserInput!]!) { createUsers(input: $input) { written } }', { input })).createUsers.written).toBe(45);
    expect((app.localAws?.requestCounts.get('sns:PublishBatch') ?? 0) - before).toBe(5);
    const events = await eventsOn('events-many', 45);
    expect(events.map((e) => e.data.user.userId).sort()).toEqual(input.map((u) => u.userId).sort());
  });

  it('still reports a users write as done when its event can not be published', async () => {
    await app.clients.sns.send(new DeleteTopicCommand({ TopicArn: EVENTS_TOPIC }));
    try {
      const created = await gql(app, 'mutation { createUser(input: { userId: "ev_cyd", email: "cyd@example.com", name: "Cyd" }) { userId version } }');
      expect(created).toEqual({ data: { createUser: { userId: 'ev_cyd', version: 1 } } });
      expect((await gqlData(app, '{ user(userId: "ev_cyd") { name } }')).user).toEqual({ name: 'Cyd' });
      const published = await gql(app, PUBLISH_EVENT, { type: 'x.y', data: {} });
      expect(codesOf(published)).toEqual(['NOT_FOUND']);
      expect(published.errors?.[0]?.message).toContain('npm run setup');
    } finally {
      await app.clients.sns.send(new CreateTopicCommand({ Name: 'aws-graphql-events' }));
    }
  });

  it("has the notebook's EventBus operations: subscribe a service queue by types, receive, acknowledge", async () => {
    const { sns, sqs, lambda } = app.clients;
    const bus = new EventBus({ sns, sqs, lambda, region: 'us-east-1', account: new SnsAccount(sns), topic: 'aws-graphql-events', logger: app.logger });
    const sub = await bus.subscribeQueue('billing-service', ['invoice.paid']);
    expect(sub).toEqual({
      queueUrl: expect.stringMatching(/\/000000000000\/billing-service$/),
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:billing-service',
      subscriptionArn: expect.stringMatching(new RegExp(`^${EVENTS_TOPIC}:`)),
    });
    await bus.publish('invoice.created', { invoice: 1 });
    const paid = await bus.publish('invoice.paid', { invoice: 1, amount: 40 }, 'billing');
    const received = await bus.receive(sub.queueUrl, 10, 2);
    expect(received).toEqual([{ eventId: paid.eventId, type: 'invoice.paid', source: 'billing', timestamp: paid.timestamp.toISOString(), data: { invoice: 1, amount: 40 }, receiptHandle: expect.any(String) }]);
    await bus.acknowledge(sub.queueUrl, received[0]!.receiptHandle);
    expect(await bus.receive(sub.queueUrl, 10, 1)).toEqual([]);
  });
});

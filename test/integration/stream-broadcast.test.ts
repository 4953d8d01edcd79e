import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { App } from '../../src/app';
import { BROADCAST_PREFIX } from '../../src/subscriptions/orphans';
import { gqlData, startTestApp } from '../helpers/app';
import { subscribe, wsClientsPerTest } from '../helpers/ws';

const TOPIC_MESSAGES = `subscription($topic: String!, $filterPolicy: JSON) {
  topicMessages(topic: $topic, filterPolicy: $filterPolicy) { message subject json topicArn attributes { name value dataType } }
}`;
const EVENTS = 'subscription($types: [String!]) { events(types: $types) { type source data } }';
const PUBLISH = 'mutation($input: PublishInput!) { publish(input: $input) { messageId } }';

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

describe('broadcast streams: topicMessages and events', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await gqlData(app, 'mutation { createTopic(input: { name: "stream-orders" }) { arn } }');
  });
  afterAll(() => app.close());
  const client = wsClientsPerTest(() => app.url);

  it('gives every subscriber every message its own filter policy accepts', async () => {
    const socket = client();
    const stores = subscribe(socket, TOPIC_MESSAGES, { topic: 'stream-orders', filterPolicy: { store: ['example_corp'] } }, (d) => d.topicMessages.message as string);
    const big = subscribe(socket, TOPIC_MESSAGES, { topic: 'stream-orders', filterPolicy: { price: [{ numeric: ['>=', 100] }] } }, (d) => d.topicMessages.message as string);
    const all = subscribe(client(), TOPIC_MESSAGES, { topic: 'stream-orders' }, (d) => d.topicMessages);
    await settle();
    const sends = [
      { message: 'cheap at example', attributes: [{ name: 'store', value: 'example_corp' }, { name: 'price', value: '5', dataType: 'NUMBER' }] },
      { message: 'dear elsewhere', attributes: [{ name: 'store', value: 'other' }, { name: 'price', value: '250', dataType: 'NUMBER' }] },
      { message: 'dear at example', attributes: [{ name: 'store', value: 'example_corp' }, { name: 'price', value: '100', dataType: 'NUMBER' }] },
      { message: '{"plain":true}', subject: 'no attributes' },
    ];
    for (const input of sends) await gqlData(app, PUBLISH, { input: { topic: 'stream-orders', ...input } });
    await all.waitFor(4);
    await settle();
    expect(stores.received).toEqual(['cheap at example', 'dear at example']);
    expect(big.received).toEqual(['dear elsewhere', 'dear at example']);
    expect(all.received.map((m: any) => m.message)).toEqual(sends.map((s) => s.message));
    expect(all.received[3]).toMatchObject({ subject: 'no attributes', json: { plain: true }, attributes: [], topicArn: expect.stringMatching(/:stream-orders$/) });
    expect(all.received[0].attributes).toEqual([
      { name: 'price', value: '5', dataType: 'NUMBER' },
      { name: 'store', value: 'example_corp', dataType: 'STRING' },
    ]);
  });

  it('streams user.created to events(types) after createUser, and only the types asked for', async () => {
    const created = subscribe(client(), EVENTS, { types: ['user.created'] }, (d) => d.events);
    const custom = subscribe(client(), EVENTS, { types: ['order.shipped'] }, (d) => d.events);
    await settle();
    await gqlData(app, 'mutation { createUser(input: { userId: "stream-u1", email: "stream@example.com", name: "Stream" }) { userId } }');
    await gqlData(app, 'mutation { publishEvent(type: "order.shipped", data: { orderId: 7 }, source: "warehouse") { eventId } }');
    const [event] = await created.waitFor(1);
    expect(event).toMatchObject({ type: 'user.created', source: 'aws-graphql', data: { user: { userId: 'stream-u1', email: 'stream@example.com', name: 'Stream' } } });
    expect(await custom.waitFor(1)).toEqual([{ type: 'order.shipped', source: 'warehouse', data: { orderId: 7 } }]);
    await settle();
    expect(created.received).toHaveLength(1);
  });

  it('errors the operation for a missing topic or an invalid filter policy', async () => {
    const missing = subscribe(client(), TOPIC_MESSAGES, { topic: 'no-such-topic' }, (d) => d);
    // Inline in the query text, as Sandbox users write it (not only as a variable).
    const invalid = subscribe(client(), 'subscription { topicMessages(topic: "stream-orders", filterPolicy: { price: [{ numeric: [">>", 1] }] }) { message } }', {}, (d) => d);
    await missing.done();
    await invalid.done();
    expect(missing.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
    expect(invalid.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'filterPolicy' })] }) })]);
  });

  it('uses one broadcast queue per topic for the process, whatever the number of subscribers', async () => {
    const { QueueUrls = [] } = await app.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }));
    const names = QueueUrls.map((u) => u.split('/').pop()!);
    expect(names.filter((n) => n.endsWith('-stream-orders'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('-aws-graphql-events'))).toHaveLength(1);
  });
});

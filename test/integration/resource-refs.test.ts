import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';
import { subscribe, wsClient } from '../helpers/ws';

/**
 * A queue or topic given by ARN or URL is that resource, not the local one of the same name: an ARN
 * of another region is BAD_USER_INPUT naming both regions (the API's clients work in AWS_REGION),
 * and one of another account is looked up in that account (QueueOwnerAWSAccountId), so it is not
 * found here. The API used to keep only the name: deleteQueue("arn:aws:sqs:eu-west-1:...:orders")
 * deleted us-east-1's orders.
 */
const OTHER_REGION = 'arn:aws:sqs:eu-west-1:000000000000:orders';
const OTHER_ACCOUNT = 'arn:aws:sqs:us-east-1:111111111111:orders';
const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => (res.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string; message: string }) => f);

describe('queues and topics named by ARN or URL', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await gqlData(app, 'mutation { q: createQueue(input: { name: "orders" }) { url } t: createTopic(input: { name: "orders" }) { arn } }');
  });
  afterAll(() => app.close());

  const queueStillThere = async () => (await gqlData(app, '{ queue(name: "orders") { name } }')).queue;

  it('refuses a queue ARN or AWS queue URL of another region, and leaves the local queue alone', async () => {
    for (const ref of [OTHER_REGION, 'https://sqs.eu-west-1.amazonaws.com/000000000000/orders', 'https://eu-west-1.queue.amazonaws.com/000000000000/orders']) {
      const res = await gql(app, 'mutation($q: String!) { deleteQueue(name: $q) }', { q: ref });
      expect({ ref, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({
        ref,
        codes: ['BAD_USER_INPUT'],
        fields: [{ field: 'name', message: 'name is a queue in eu-west-1; this API works in us-east-1 (AWS_REGION)' }],
      });
    }
    expect(await queueStillThere()).toEqual({ name: 'orders' });
    const send = await gql(app, 'mutation($q: String!) { sendMessage(input: { queue: $q, body: "x" }) { messageId } }', { q: OTHER_REGION });
    expect([codesOf(send), fieldsOf(send).map((f: { field: string }) => f.field)]).toEqual([['BAD_USER_INPUT'], ['queue']]);
    const dlq = await gql(app, 'mutation($q: String!) { createQueue(input: { name: "with-dlq", deadLetter: { queue: $q, maxReceiveCount: 3 } }) { name } }', { q: OTHER_REGION });
    expect([codesOf(dlq), fieldsOf(dlq).map((f: { field: string }) => f.field)]).toEqual([['BAD_USER_INPUT'], ['deadLetter.queue']]);
  });

  it('looks a queue ARN of another account up in that account', async () => {
    expect((await gqlData(app, 'query($q: String!) { queue(name: $q) { name } }', { q: OTHER_ACCOUNT })).queue).toBeNull();
    const res = await gql(app, 'mutation($q: String!) { deleteQueue(name: $q) }', { q: OTHER_ACCOUNT });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(await queueStillThere()).toEqual({ name: 'orders' });
  });

  it('refuses a queue of another region as a subscription endpoint and as a messageReceived queue', async () => {
    const res = await gql(app, 'mutation($q: String!) { subscribe(input: { topic: "orders", protocol: SQS, endpoint: $q }) { arn } }', { q: OTHER_REGION });
    expect([codesOf(res), fieldsOf(res).map((f: { field: string }) => f.field)]).toEqual([['BAD_USER_INPUT'], ['endpoint']]);
    const client = wsClient(app.url);
    try {
      const sub = subscribe(client, 'subscription($q: String!) { messageReceived(queue: $q) { body } }', { q: OTHER_REGION }, (d) => d);
      await sub.done();
      expect((sub.errors as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    } finally {
      await client.dispose();
    }
  });

  it('refuses a topic ARN of another region with a message naming both regions', async () => {
    const res = await gql(app, '{ topic(name: "arn:aws:sns:eu-west-1:000000000000:orders") { name } }');
    expect({ codes: codesOf(res), fields: fieldsOf(res) }).toEqual({
      codes: ['BAD_USER_INPUT'],
      fields: [{ field: 'name', message: 'name is a topic in eu-west-1; this API works in us-east-1 (AWS_REGION)' }],
    });
  });
});

import { GetQueueAttributesCommand, ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData } from '../helpers/app';
import { mustCreateQueue, receive, receiveAll } from '../helpers/queues';
import { snsBackends, startSnsApp, type SnsTestApp } from '../helpers/sns';


const SUB_FIELDS = 'arn topicArn protocol endpoint filterPolicy filterPolicyScope rawMessageDelivery pendingConfirmation';
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { ${SUB_FIELDS} } }`;
const PUBLISH = 'mutation($input: PublishInput!) { publish(input: $input) { messageId } }';
const SET_POLICY = `mutation($arn: String!, $policy: JSON, $scope: FilterPolicyScope) { setFilterPolicy(subscriptionArn: $arn, filterPolicy: $policy, scope: $scope) { ${SUB_FIELDS} } }`;
const TOPIC_SUBS = `query($name: String!) { topic(name: $name) { subscriptionsConfirmed subscriptionsPending subscriptions { items { ${SUB_FIELDS} } nextToken } } }`;

const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.fields?.map((f: { field: string }) => f.field);

/** SNS to SQS through the API, on the embedded local AWS and (when installed) on moto: the same results on both. */
describe.each(snsBackends())('SQS subscriptions and filter policies over GraphQL (%s)', (backend) => {
  const ACCOUNT = backend === 'moto' ? '123456789012' : '000000000000';
  const topicArn = (name: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;
  let env: SnsTestApp;
  let app: App;
  const createTopic = (name: string) => gqlData(app, 'mutation($name: String!) { createTopic(input: { name: $name }) { arn } }', { name });
  const publish = (topic: string, message: string, attributes: Array<Record<string, string>> = [], subject?: string) =>
    gqlData(app, PUBLISH, { input: { topic, message, attributes, subject } });
  const policyOf = async (queueUrl: string) => {
    const { Attributes } = await app.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }));
    return JSON.parse(Attributes?.Policy ?? '{"Statement":[]}') as { Version: string; Statement: Array<Record<string, any>> };
  };
  /** Everything on the queue: what arrived, then one more empty receive so nothing else is on its way. */
  const bodiesOn = async (queue: string, count: number) => {
    const arrived = await receiveAll(app, queue, count);
    const extra = (await receive(app, { queue, maxMessages: 10, waitTimeSeconds: 1 })).data?.receiveMessages ?? [];
    return [...arrived, ...extra].map((m: { body: string }) => m.body);
  };

  beforeAll(async () => {
    env = await startSnsApp(backend);
    app = env.app;
  });
  afterAll(() => env.close());

  describe('SQS fan-out', () => {
    it('subscribes a queue by name, grants the topic in the queue policy and delivers the SNS envelope', async () => {
      await createTopic('fan');
      const queue = await mustCreateQueue(app, { name: 'fan-wrapped' });
      const { subscribe } = await gqlData(app, SUBSCRIBE, { input: { topic: 'fan', protocol: 'SQS', endpoint: 'fan-wrapped' } });
      expect(subscribe).toEqual({
        arn: expect.stringMatching(new RegExp(`^${topicArn('fan')}:[0-9a-f-]{36}$`)),
        topicArn: topicArn('fan'),
        protocol: 'SQS',
        endpoint: queue.arn,
        filterPolicy: null,
        filterPolicyScope: null,
        rawMessageDelivery: false,
        pendingConfirmation: false,
      });
      expect((await policyOf(queue.url)).Statement).toEqual([
        {
          Sid: expect.stringMatching(/^AllowSnsTopic[0-9a-f]{16}$/),
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: queue.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': topicArn('fan') } },
        },
      ]);
      await publish('fan', '{"orderId":"o-1"}', [{ name: 'kind', value: 'order' }], 'New order');
      // The queues API unwraps the envelope; the SQS client shows what SNS delivered.
      const { Messages } = await app.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 5 }));
      expect(JSON.parse(Messages?.[0]?.Body ?? '{}')).toMatchObject({
        Type: 'Notification',
        TopicArn: topicArn('fan'),
        Subject: 'New order',
        Message: '{"orderId":"o-1"}',
        MessageAttributes: { kind: { Type: 'String', Value: 'order' } },
      });
    });

    it('delivers the bare message and its attributes with raw delivery (queue given by URL)', async () => {
      const queue = await mustCreateQueue(app, { name: 'fan-raw' });
      const { subscribe } = await gqlData(app, SUBSCRIBE, { input: { topic: 'fan', protocol: 'SQS', endpoint: queue.url, rawMessageDelivery: true } });
      expect(subscribe).toMatchObject({ endpoint: queue.arn, rawMessageDelivery: true });
      await publish('fan', 'plain text', [{ name: 'kind', value: 'note' }, { name: 'n', value: '7', dataType: 'NUMBER' }]);
      const [message] = await receiveAll(app, 'fan-raw', 1);
      expect({ body: message?.body, attributes: message?.attributes }).toEqual({
        body: 'plain text',
        attributes: [
          { name: 'kind', value: 'note', dataType: 'STRING' },
          { name: 'n', value: '7', dataType: 'NUMBER' },
        ],
      });
    });

    it('is idempotent: subscribing again returns the same subscription and adds no statement', async () => {
      const queue = await mustCreateQueue(app, { name: 'fan-again' });
      const first = await gqlData(app, SUBSCRIBE, { input: { topic: 'fan', protocol: 'SQS', endpoint: queue.arn } });
      const second = await gqlData(app, SUBSCRIBE, { input: { topic: topicArn('fan'), protocol: 'SQS', endpoint: 'fan-again' } });
      expect(second.subscribe.arn).toBe(first.subscribe.arn);
      expect((await policyOf(queue.url)).Statement).toHaveLength(1);
    });

    it('gives a queue on two topics both statements, keeps statements already there, and delivers from both', async () => {
      await createTopic('fan-two');
      const queue = await mustCreateQueue(app, { name: 'two-topics' });
      const mine = { Sid: 'OwnerCanSend', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sqs:SendMessage', Resource: queue.arn };
      await app.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [mine] }) } }));
      for (const topic of ['fan', 'fan-two']) {
        await gqlData(app, SUBSCRIBE, { input: { topic, protocol: 'SQS', endpoint: queue.arn, rawMessageDelivery: true } });
      }
      const policy = await policyOf(queue.url);
      expect(policy.Statement.map((s) => s.Sid === 'OwnerCanSend' ? 'mine' : s.Condition.ArnEquals['aws:SourceArn'])).toEqual(['mine', topicArn('fan'), topicArn('fan-two')]);
      await publish('fan', 'from fan');
      await publish('fan-two', 'from fan-two');
      expect((await bodiesOn('two-topics', 2)).sort()).toEqual(['from fan', 'from fan-two']);
    });

    it('keeps every statement when one queue is subscribed to five topics at once', async () => {
      const topics = ['burst-1', 'burst-2', 'burst-3', 'burst-4', 'burst-5'];
      for (const topic of topics) await createTopic(topic);
      const queue = await mustCreateQueue(app, { name: 'burst' });
      await Promise.all(topics.map((topic) => gqlData(app, SUBSCRIBE, { input: { topic, protocol: 'SQS', endpoint: 'burst' } })));
      const sources = (await policyOf(queue.url)).Statement.map((s) => s.Condition.ArnEquals['aws:SourceArn']);
      expect(sources.sort()).toEqual(topics.map(topicArn).sort());
    });

    it('lists the subscriptions of a topic with their settings and counts', async () => {
      const data = await gqlData(app, TOPIC_SUBS, { name: 'fan' });
      // moto 5.2.1 reports SubscriptionsConfirmed 0 whatever the topic has; AWS counts them.
      expect(data.topic.subscriptionsConfirmed).toBe(backend === 'moto' ? 0 : 4);
      expect(data.topic.subscriptionsPending).toBe(0);
      const byEndpoint = Object.fromEntries(data.topic.subscriptions.items.map((s: any) => [s.endpoint.split(':').pop(), s.rawMessageDelivery]));
      expect(byEndpoint).toEqual({ 'fan-wrapped': false, 'fan-raw': true, 'fan-again': false, 'two-topics': true });
      expect(data.topic.subscriptions.nextToken).toBeNull();
    });
  });

  describe('filter policies', () => {
    const policy = { store: ['north', 'south'], price: [{ numeric: ['>=', 100, '<', 200] }], kind: [{ 'anything-but': ['refund'] }] };
    const samples: Array<[string, Array<Record<string, string>>]> = [
      ['a', [{ name: 'store', value: 'north' }, { name: 'price', value: '150', dataType: 'NUMBER' }, { name: 'kind', value: 'sale' }]],
      ['b', [{ name: 'store', value: 'south' }, { name: 'price', value: '100', dataType: 'NUMBER' }, { name: 'kind', value: 'sale' }]],
      ['c', [{ name: 'store', value: 'north' }, { name: 'price', value: '200', dataType: 'NUMBER' }, { name: 'kind', value: 'sale' }]],
      ['d', [{ name: 'store', value: 'east' }, { name: 'price', value: '150', dataType: 'NUMBER' }, { name: 'kind', value: 'sale' }]],
      ['e', [{ name: 'store', value: 'north' }, { name: 'price', value: '150', dataType: 'NUMBER' }, { name: 'kind', value: 'refund' }]],
      ['f', [{ name: 'store', value: 'north' }, { name: 'price', value: '99.5', dataType: 'NUMBER' }, { name: 'kind', value: 'sale' }]],
      ['g', [{ name: 'store', value: 'south' }, { name: 'kind', value: 'sale' }]],
    ];
    let subscriptionArn: string;

    it('delivers exactly the messages a policy with several keys and a numeric range matches', async () => {
      await createTopic('prices');
      await mustCreateQueue(app, { name: 'prices-filtered' });
      const { subscribe } = await gqlData(app, SUBSCRIBE, { input: { topic: 'prices', protocol: 'SQS', endpoint: 'prices-filtered', filterPolicy: policy, rawMessageDelivery: true } });
      expect(subscribe).toMatchObject({ filterPolicy: policy, filterPolicyScope: 'MESSAGE_ATTRIBUTES' });
      subscriptionArn = subscribe.arn;
      for (const [body, attributes] of samples) await publish('prices', body, attributes);
      expect((await bodiesOn('prices-filtered', 2)).sort()).toEqual(['a', 'b']);
    });

    it('agrees with checkFilterPolicy on every sample (one matcher for the local SNS and the API)', async () => {
      const CHECK = 'query($p: JSON!, $a: [MessageAttributeInput!]) { checkFilterPolicy(filterPolicy: $p, attributes: $a) { valid errors matches } }';
      const verdicts: string[] = [];
      for (const [body, attributes] of samples) {
        const { checkFilterPolicy } = await gqlData(app, CHECK, { p: policy, a: attributes });
        if (checkFilterPolicy.matches) verdicts.push(body);
      }
      expect(verdicts).toEqual(['a', 'b']);
    });

    it('replaces the policy with setFilterPolicy, filters the body with MESSAGE_BODY, and removes it with null', async () => {
      const bodyPolicy = { order: { total: [{ numeric: ['>', 50] }] } };
      const set = await gqlData(app, SET_POLICY, { arn: subscriptionArn, policy: bodyPolicy, scope: 'MESSAGE_BODY' });
      expect(set.setFilterPolicy).toMatchObject({ arn: subscriptionArn, filterPolicy: bodyPolicy, filterPolicyScope: 'MESSAGE_BODY', rawMessageDelivery: true });
      for (const total of [10, 75]) await publish('prices', JSON.stringify({ order: { total } }));
      expect(await bodiesOn('prices-filtered', 1)).toEqual(['{"order":{"total":75}}']);

      const back = await gqlData(app, SET_POLICY, { arn: subscriptionArn, policy: { kind: ['sale'] } });
      expect(back.setFilterPolicy).toMatchObject({ filterPolicy: { kind: ['sale'] }, filterPolicyScope: 'MESSAGE_ATTRIBUTES' });
      await publish('prices', 'refund', [{ name: 'kind', value: 'refund' }]);
      await publish('prices', 'sale', [{ name: 'kind', value: 'sale' }]);
      expect(await bodiesOn('prices-filtered', 1)).toEqual(['sale']);

      const inline = await gqlData(app, `mutation { setFilterPolicy(subscriptionArn: "${subscriptionArn}", filterPolicy: { kind: ["sale", "promo"] }) { filterPolicy } }`);
      expect(inline.setFilterPolicy.filterPolicy).toEqual({ kind: ['sale', 'promo'] });
      const removed = await gqlData(app, SET_POLICY, { arn: subscriptionArn, policy: null });
      expect(removed.setFilterPolicy).toMatchObject({ filterPolicy: null, filterPolicyScope: null });
      await publish('prices', 'anything');
      expect(await bodiesOn('prices-filtered', 1)).toEqual(['anything']);
    });

    it('refuses invalid policies before SNS sees them, with the validator reason', async () => {
      const cases: Array<[unknown, string | undefined]> = [
        [{ store: 'north' }, undefined],
        [{ a: ['1'], b: ['2'], c: ['3'], d: ['4'], e: ['5'], f: ['6'] }, undefined],
        [{ order: { total: [1] } }, 'MESSAGE_ATTRIBUTES'],
        [{}, undefined],
        [['store'], undefined],
        [{ price: [{ numeric: ['>', 'ten'] }] }, undefined],
      ];
      for (const [filterPolicy, scope] of cases) {
        const res = await gql(app, SUBSCRIBE, { input: { topic: 'prices', protocol: 'SQS', endpoint: 'prices-filtered', filterPolicy, filterPolicyScope: scope } });
        expect({ filterPolicy, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ filterPolicy, codes: ['BAD_USER_INPUT'], fields: ['filterPolicy'] });
        const set = await gql(app, SET_POLICY, { arn: subscriptionArn, policy: filterPolicy, scope });
        expect(fieldsOf(set)).toEqual(['filterPolicy']);
      }
      const res = await gql(app, SUBSCRIBE, { input: { topic: 'prices', protocol: 'SQS', endpoint: 'prices-filtered', filterPolicy: { store: 'north' } } });
      expect(res.errors?.[0]?.message).toMatch(/"store" must be an object or an array/);
    });

    it('reports NOT_FOUND for an unknown subscription and BAD_USER_INPUT for a malformed ARN', async () => {
      const unknown = await gql(app, SET_POLICY, { arn: `${topicArn('prices')}:00000000-0000-0000-0000-000000000000`, policy: { a: ['b'] } });
      expect(codesOf(unknown)).toEqual(['NOT_FOUND']);
      for (const arn of ['PendingConfirmation', 'nope', topicArn('prices')]) {
        const res = await gql(app, SET_POLICY, { arn, policy: null });
        expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
        expect(fieldsOf(res)).toEqual(['subscriptionArn']);
      }
    });
  });
});

import { GetPolicyCommand } from '@aws-sdk/client-lambda';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';
import { mustCreateQueue } from '../helpers/queues';

const ACCOUNT = '000000000000';
const topicArn = (name: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;

const SUB_FIELDS = 'arn topicArn protocol endpoint filterPolicy filterPolicyScope rawMessageDelivery pendingConfirmation';
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { ${SUB_FIELDS} } }`;
const TOPIC_SUBS = `query($name: String!, $t: String) { topic(name: $name) { subscriptionsConfirmed subscriptionsPending subscriptions(nextToken: $t) { items { ${SUB_FIELDS} } nextToken } } }`;

const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.fields?.map((f: { field: string }) => f.field);

/**
 * Email, Lambda and HTTP(S) subscriptions, unsubscribe and pages, on the embedded local AWS (moto
 * confirms email subscriptions at once and needs Docker to run Lambda, so these are local only).
 */
describe('topic subscriptions over GraphQL (embedded local AWS)', () => {
  let app: App;
  const createTopic = (name: string) => gqlData(app, 'mutation($name: String!) { createTopic(input: { name: $name }) { arn } }', { name });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  describe('other protocols', () => {
    it('leaves an email subscription pending confirmation without failing', async () => {
      await createTopic('mail');
      const { subscribe } = await gqlData(app, SUBSCRIBE, { input: { topic: 'mail', protocol: 'EMAIL', endpoint: 'ops@example.com' } });
      expect(subscribe).toEqual({
        arn: expect.stringMatching(new RegExp(`^${topicArn('mail')}:[0-9a-f-]{36}$`)),
        topicArn: topicArn('mail'),
        protocol: 'EMAIL',
        endpoint: 'ops@example.com',
        filterPolicy: null,
        filterPolicyScope: null,
        rawMessageDelivery: false,
        pendingConfirmation: true,
      });
      const data = await gqlData(app, TOPIC_SUBS, { name: 'mail' });
      expect(data.topic).toMatchObject({ subscriptionsConfirmed: 0, subscriptionsPending: 1 });
      expect(data.topic.subscriptions.items).toEqual([
        { arn: 'PendingConfirmation', topicArn: topicArn('mail'), protocol: 'EMAIL', endpoint: 'ops@example.com', filterPolicy: null, filterPolicyScope: null, rawMessageDelivery: false, pendingConfirmation: true },
      ]);
    });

    it('subscribes a Lambda function by name and grants SNS the invoke permission once', async () => {
      await createTopic('to-lambda');
      const first = await gqlData(app, SUBSCRIBE, { input: { topic: 'to-lambda', protocol: 'LAMBDA', endpoint: 'echo' } });
      expect(first.subscribe).toMatchObject({ protocol: 'LAMBDA', endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echo`, pendingConfirmation: false });
      const again = await gqlData(app, SUBSCRIBE, { input: { topic: 'to-lambda', protocol: 'LAMBDA', endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echo` } });
      expect(again.subscribe.arn).toBe(first.subscribe.arn);
      const { Policy } = await app.clients.lambda.send(new GetPolicyCommand({ FunctionName: 'echo' }));
      const statements = JSON.parse(Policy ?? '{}').Statement.filter((s: any) => JSON.stringify(s).includes(topicArn('to-lambda')));
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatchObject({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'lambda:InvokeFunction', Condition: { ArnLike: { 'AWS:SourceArn': topicArn('to-lambda') } } });
    });

    it('checks endpoints and options per protocol before calling AWS', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ protocol: 'EMAIL', endpoint: 'not-an-email' }, 'endpoint'],
        [{ protocol: 'EMAIL_JSON', endpoint: 'x@' }, 'endpoint'],
        [{ protocol: 'HTTPS', endpoint: 'http://example.com/hook' }, 'endpoint'],
        [{ protocol: 'HTTP', endpoint: 'ftp://example.com' }, 'endpoint'],
        [{ protocol: 'SQS', endpoint: 'arn:aws:sns:us-east-1:000000000000:fan' }, 'endpoint'],
        [{ protocol: 'LAMBDA', endpoint: 'bad name!' }, 'endpoint'],
        [{ protocol: 'EMAIL', endpoint: 'ops@example.com', rawMessageDelivery: true }, 'rawMessageDelivery'],
        [{ protocol: 'LAMBDA', endpoint: 'echo', rawMessageDelivery: true }, 'rawMessageDelivery'],
      ];
      for (const [input, field] of cases) {
        const res = await gql(app, SUBSCRIBE, { input: { topic: 'mail', ...input } });
        expect({ input, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ input, codes: ['BAD_USER_INPUT'], fields: [field] });
      }
    });

    it('names what is missing: topic, queue or function', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ topic: 'ghost', protocol: 'SQS', endpoint: 'fan-wrapped' }, 'Topic ghost does not exist'],
        [{ topic: 'mail', protocol: 'SQS', endpoint: 'no-such-queue' }, 'Queue no-such-queue does not exist'],
        [{ topic: 'mail', protocol: 'LAMBDA', endpoint: 'no-such-function' }, 'Function no-such-function does not exist'],
      ];
      for (const [input, message] of cases) {
        const res = await gql(app, SUBSCRIBE, { input });
        expect({ codes: codesOf(res), message: res.errors?.[0]?.message }).toEqual({ codes: ['NOT_FOUND'], message });
      }
    });
  });

  describe('unsubscribe and pages', () => {
    it('unsubscribes, then reports NOT_FOUND for the same ARN', async () => {
      await createTopic('brief');
      await mustCreateQueue(app, { name: 'brief-q' });
      const { subscribe } = await gqlData(app, SUBSCRIBE, { input: { topic: 'brief', protocol: 'SQS', endpoint: 'brief-q' } });
      const UNSUB = 'mutation($arn: String!) { unsubscribe(arn: $arn) }';
      expect((await gqlData(app, UNSUB, { arn: subscribe.arn })).unsubscribe).toBe(true);
      expect((await gqlData(app, TOPIC_SUBS, { name: 'brief' })).topic.subscriptions.items).toEqual([]);
      const again = await gql(app, UNSUB, { arn: subscribe.arn });
      expect(codesOf(again)).toEqual(['NOT_FOUND']);
      expect(again.errors?.[0]?.message).toBe(`Subscription ${subscribe.arn} does not exist`);
      for (const arn of ['PendingConfirmation', 'garbage']) expect(fieldsOf(await gql(app, UNSUB, { arn }))).toEqual(['arn']);
    });

    it('pages through more than 100 subscriptions with signed tokens bound to the topic', async () => {
      await createTopic('crowd');
      for (let i = 0; i < 103; i++) await gqlData(app, SUBSCRIBE, { input: { topic: 'crowd', protocol: 'HTTPS', endpoint: `https://example.com/hook/${i}` } });
      const endpoints: string[] = [];
      let token: string | null = null;
      let firstToken: string | null = null;
      do {
        const data: any = await gqlData(app, TOPIC_SUBS, { name: 'crowd', t: token });
        endpoints.push(...data.topic.subscriptions.items.map((s: { endpoint: string }) => s.endpoint));
        token = data.topic.subscriptions.nextToken;
        firstToken ??= token;
      } while (token);
      expect(endpoints.sort()).toEqual(Array.from({ length: 103 }, (_, i) => `https://example.com/hook/${i}`).sort());
      const elsewhere = await gql(app, TOPIC_SUBS, { name: 'mail', t: firstToken });
      expect(codesOf(elsewhere)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(elsewhere)).toEqual(['nextToken']);
    });
  });
});

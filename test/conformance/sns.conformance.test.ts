import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { backendNames, startBackend, type Backend } from '../helpers/backends';

/** The error an SDK call failed with: AWS's code (as the SDK names it), message and HTTP status. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e as { name: string; message: string; $metadata?: { httpStatusCode?: number } },
  );
  if (!err) throw new Error('the call succeeded but was expected to fail');
  return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(backendNames())('SNS conformance on %s', (name) => {
  let backend: Backend;
  let sns: SNSClient;
  let account = '';
  let n = 0;
  const unique = (base: string) => `${base}-${++n}`;
  const queueArn = (queue: string) => `arn:aws:sqs:us-east-1:${account}:${queue}`;
  const moto = name === 'moto';
  /** AWS's documented value, or what moto answers instead where it departs from AWS (each use says how). */
  const aws = <T>(documented: T, motoValue: T): T => (moto ? motoValue : documented);
  /** A call AWS refuses with `expected`; moto departs from AWS by accepting it. */
  const refused = async (call: Promise<unknown>, expected: Record<string, unknown>) => {
    if (moto) await expect(call).resolves.toBeDefined();
    else expect(await failure(call)).toMatchObject(expected);
  };

  beforeAll(async () => {
    backend = await startBackend(name);
    sns = backend.clients.sns;
    account = name === 'moto' ? '123456789012' : '000000000000';
  });
  afterAll(() => backend.stop());

  const createTopic = async (base = 'topic', extra: Partial<ConstructorParameters<typeof CreateTopicCommand>[0]> = {}) =>
    (await sns.send(new CreateTopicCommand({ Name: unique(base), ...extra }))).TopicArn as string;
  const topicAttributes = async (TopicArn: string) => (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {};

  describe('topics', () => {
    it('creates a topic with its ARN and is idempotent for the same attributes and tags', async () => {
      const Name = unique('created');
      const first = await sns.send(new CreateTopicCommand({ Name, Attributes: { DisplayName: 'Shop' }, Tags: [{ Key: 'team', Value: 'a' }] }));
      expect(first.TopicArn).toBe(`arn:aws:sns:us-east-1:${account}:${Name}`);
      const again = await sns.send(new CreateTopicCommand({ Name, Attributes: { DisplayName: 'Shop' }, Tags: [{ Key: 'team', Value: 'a' }] }));
      expect(again.TopicArn).toBe(first.TopicArn);
      const bare = await sns.send(new CreateTopicCommand({ Name }));
      expect(bare.TopicArn).toBe(first.TopicArn);
    });

    it('refuses to create an existing topic with different attributes', async () => {
      const Name = unique('differs');
      await sns.send(new CreateTopicCommand({ Name, Attributes: { DisplayName: 'one' } }));
      // moto departs from AWS: it returns the existing topic.
      await refused(sns.send(new CreateTopicCommand({ Name, Attributes: { DisplayName: 'two' } })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
        status: 400,
      });
    });

    it.each([['bad name'], ['a'.repeat(257)], ['x.fifo'], ['']])('refuses the topic name %j', async (Name) => {
      const err = await failure(sns.send(new CreateTopicCommand({ Name })));
      // moto departs from AWS's message: it explains the naming rule instead.
      const motoMessage = 'Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.';
      expect(err).toEqual({ name: 'InvalidParameterException', message: aws('Invalid parameter: Topic Name', motoMessage), status: 400 });
    });

    it('creates FIFO topics only with a .fifo name and FifoTopic=true', async () => {
      const Name = `${unique('orders')}.fifo`;
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
      const attributes = await topicAttributes(TopicArn as string);
      expect(attributes).toMatchObject({ FifoTopic: 'true', ContentBasedDeduplication: 'true', TopicArn });
      const err = await failure(sns.send(new CreateTopicCommand({ Name: unique('plain'), Attributes: { FifoTopic: 'true' } })));
      const motoMessage =
        'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.';
      expect(err.message).toBe(aws('Invalid parameter: Topic Name', motoMessage));
    });

    it('reports the attributes AWS reports and sets the settable ones', async () => {
      const TopicArn = await createTopic();
      const before = await topicAttributes(TopicArn);
      expect(before).toMatchObject({ TopicArn, Owner: account, DisplayName: '', SubscriptionsConfirmed: '0', SubscriptionsPending: '0', SubscriptionsDeleted: '0' });
      expect(JSON.parse(before.Policy as string).Statement[0].Resource).toBe(TopicArn);
      const effective = JSON.parse(before.EffectiveDeliveryPolicy as string);
      // moto departs from AWS: its EffectiveDeliveryPolicy lacks the "http" level.
      expect(aws(effective.http, effective).defaultHealthyRetryPolicy).toMatchObject({ numRetries: 3, minDelayTarget: 20, maxDelayTarget: 20, backoffFunction: 'linear' });
      await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Orders' }));
      const policy = JSON.stringify({ http: { defaultHealthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 5, numRetries: 4, numNoDelayRetries: 1, backoffFunction: 'exponential' } } });
      await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DeliveryPolicy', AttributeValue: policy }));
      const after = await topicAttributes(TopicArn);
      expect(after.DisplayName).toBe('Orders');
      expect(JSON.parse(after.DeliveryPolicy as string)).toEqual(JSON.parse(policy));
      // moto departs from AWS: it stores attributes of any name.
      await refused(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'NoSuchThing', AttributeValue: 'x' })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: AttributeName',
        status: 400,
      });
    });

    it('lists topics in pages of 100 with NextToken', async () => {
      const prefix = unique('page');
      const created = new Set<string>();
      for (let i = 0; i < 105; i++) created.add((await sns.send(new CreateTopicCommand({ Name: `${prefix}-${i}` }))).TopicArn as string);
      const first = await sns.send(new ListTopicsCommand({}));
      expect(first.Topics).toHaveLength(100);
      expect(first.NextToken).toBeDefined();
      const seen = new Set((first.Topics ?? []).map((t) => t.TopicArn));
      let token = first.NextToken;
      while (token) {
        const next = await sns.send(new ListTopicsCommand({ NextToken: token }));
        for (const t of next.Topics ?? []) seen.add(t.TopicArn);
        token = next.NextToken;
      }
      expect([...created].every((arn) => seen.has(arn))).toBe(true);
    });

    it('deletes a topic with its subscriptions; deleting again succeeds; the topic is then NotFound', async () => {
      const TopicArn = await createTopic();
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn(unique('q')) }));
      await sns.send(new DeleteTopicCommand({ TopicArn }));
      await sns.send(new DeleteTopicCommand({ TopicArn }));
      expect(await failure(sns.send(new GetTopicAttributesCommand({ TopicArn })))).toEqual({ name: 'NotFoundException', message: 'Topic does not exist', status: 404 });
      const all = await sns.send(new ListSubscriptionsCommand({}));
      const left = (all.Subscriptions ?? []).some((s) => s.SubscriptionArn === SubscriptionArn);
      expect(left).toBe(false);
    });

    it('answers malformed topic ARNs with AWS messages', async () => {
      const err = await failure(sns.send(new GetTopicAttributesCommand({ TopicArn: 'randomstring' })));
      // moto departs from AWS: it answers with an HTML error page the SDK cannot parse.
      if (moto) expect(err.message).toContain('XML parse error');
      else expect(err).toEqual({ name: 'InvalidParameterException', message: 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1', status: 400 });
    });
  });

  describe('tags', () => {
    it('tags, lists and untags a topic', async () => {
      const TopicArn = await createTopic('tagged', { Tags: [{ Key: 'a', Value: '1' }] });
      await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '9' }] }));
      const listed = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
      expect([...(listed.Tags ?? [])].sort((x, y) => (x.Key ?? '').localeCompare(y.Key ?? ''))).toEqual([
        { Key: 'a', Value: '9' },
        { Key: 'b', Value: '2' },
      ]);
      await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['a'] }));
      expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    });

    it('refuses duplicate keys and unknown resources', async () => {
      const TopicArn = await createTopic();
      // moto departs from AWS: it accepts repeated tag keys.
      await refused(sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }] })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: Duplicated keys are not allowed.',
        status: 400,
      });
      const missing = await failure(sns.send(new ListTagsForResourceCommand({ ResourceArn: `${TopicArn}-gone` })));
      expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    });

    it('refuses CreateTopic of an existing name with tags it does not have', async () => {
      const Name = unique('tagdiff');
      await sns.send(new CreateTopicCommand({ Name, Tags: [{ Key: 'a', Value: '1' }] }));
      // moto departs from AWS: it returns the existing topic.
      await refused(sns.send(new CreateTopicCommand({ Name, Tags: [{ Key: 'a', Value: '2' }] })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: Tags Reason: Topic already exists with different tags',
        status: 400,
      });
    });
  });

  describe('subscriptions', () => {
    const subscriptionAttributes = async (SubscriptionArn: string) => (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};

    it('subscribes a queue with attributes given at subscribe time', async () => {
      const TopicArn = await createTopic();
      const Endpoint = queueArn(unique('q'));
      const FilterPolicy = JSON.stringify({ store: ['shop'], price: [{ numeric: ['>', 10] }] });
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: { RawMessageDelivery: 'true', FilterPolicy } }));
      expect(SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
      const attributes = await subscriptionAttributes(SubscriptionArn as string);
      expect(attributes).toMatchObject({ TopicArn, Endpoint, Protocol: 'sqs', Owner: account, RawMessageDelivery: 'true', PendingConfirmation: 'false', FilterPolicy, FilterPolicyScope: 'MessageAttributes', SubscriptionArn });
      // moto departs from AWS: its subscription counts stay at 0.
      expect(await topicAttributes(TopicArn)).toMatchObject({ SubscriptionsConfirmed: aws('1', '0'), SubscriptionsPending: '0' });
    });

    it('returns the same subscription for the same endpoint and refuses different attributes', async () => {
      const TopicArn = await createTopic();
      const Endpoint = queueArn(unique('q'));
      const first = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: { RawMessageDelivery: 'true' } }));
      const same = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: { RawMessageDelivery: 'true' } }));
      const bare = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint }));
      expect(same.SubscriptionArn).toBe(first.SubscriptionArn);
      expect(bare.SubscriptionArn).toBe(first.SubscriptionArn);
      const call = sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: { RawMessageDelivery: 'false' } }));
      if (moto) {
        // moto departs from AWS: it accepts different attributes for an existing subscription.
        expect((await call).SubscriptionArn).toBe(first.SubscriptionArn);
      } else {
        expect(await failure(call)).toEqual({ name: 'InvalidParameterException', message: 'Invalid parameter: Attributes Reason: Subscription already exists with different attributes', status: 400 });
      }
    });

    it('keeps email subscriptions pending until confirmed', async () => {
      const TopicArn = await createTopic();
      const pending = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'dev@example.com' }));
      const withArn = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email-json', Endpoint: 'ops@example.com', ReturnSubscriptionArn: true }));
      if (moto) {
        // moto departs from AWS: it confirms email subscriptions at once and returns their ARN.
        expect(pending.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
        return;
      }
      expect(pending.SubscriptionArn).toBe('pending confirmation');
      expect(withArn.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
      expect(await subscriptionAttributes(withArn.SubscriptionArn as string)).toMatchObject({ PendingConfirmation: 'true', ConfirmationWasAuthenticated: 'false', Protocol: 'email-json' });
      expect(await topicAttributes(TopicArn)).toMatchObject({ SubscriptionsConfirmed: '0', SubscriptionsPending: '2' });
      const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
      expect((listed.Subscriptions ?? []).map((s) => s.SubscriptionArn)).toEqual(['PendingConfirmation', 'PendingConfirmation']);
    });

    it.each([
      ['sqs', 'not-an-arn', 'Invalid parameter: SQS endpoint ARN'],
      ['lambda', 'arn:aws:sqs:us-east-1:000000000000:q', 'Invalid parameter: Lambda endpoint ARN'],
      ['http', 'https://example.com/hook', 'Invalid parameter: Endpoint must match the specified protocol'],
      ['email', 'not-an-address', 'Invalid parameter: Email address'],
      ['carrier-pigeon', 'coop', 'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon'],
    ])('refuses a %s subscription to %j', async (Protocol, Endpoint, message) => {
      const TopicArn = await createTopic();
      const call = sns.send(new SubscribeCommand({ TopicArn, Protocol, Endpoint }));
      // moto departs from AWS: it checks only SQS endpoints (and SMS numbers), and accepts any protocol.
      if (Protocol === 'sqs' || !moto) expect(await failure(call)).toEqual({ name: 'InvalidParameterException', message, status: 400 });
      else await expect(call).resolves.toBeDefined();
    });

    it('refuses an invalid filter policy with AWS messages', async () => {
      const TopicArn = await createTopic();
      const Endpoint = queueArn(unique('q'));
      // moto departs from AWS: it accepts an empty value list.
      await refused(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: { FilterPolicy: '{"a": []}' } })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed',
        status: 400,
      });
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint }));
      const six = JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] });
      const set = await failure(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: six })));
      expect(set).toEqual({ name: 'InvalidParameterException', message: 'Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys', status: 400 });
    });

    it('sets and reads subscription attributes, and refuses unknown ones', async () => {
      const TopicArn = await createTopic();
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn(unique('q')) }));
      const FilterPolicy = JSON.stringify({ detail: { kind: ['order'] } });
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageBody' }));
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: FilterPolicy }));
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' }));
      expect(await subscriptionAttributes(SubscriptionArn as string)).toMatchObject({ FilterPolicy, FilterPolicyScope: 'MessageBody', RawMessageDelivery: 'true' });
      const err = await failure(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'Colour', AttributeValue: 'x' })));
      // moto departs from AWS's message: it names only the parameter.
      expect(err).toEqual({ name: 'InvalidParameterException', message: aws('Invalid parameter: AttributeName', 'AttributeName'), status: 400 });
      // moto departs from AWS: it stores any value.
      await refused(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RawMessageDelivery', AttributeValue: 'maybe' })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: RawMessageDelivery: Invalid value [maybe]. Must be true or false.',
        status: 400,
      });
    });

    it('unsubscribes idempotently and counts the deletion', async () => {
      const TopicArn = await createTopic();
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn(unique('q')) }));
      await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
      await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
      expect(await failure(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })))).toEqual({ name: 'NotFoundException', message: 'Subscription does not exist', status: 404 });
      const attributes = await topicAttributes(TopicArn);
      expect(attributes.SubscriptionsConfirmed).toBe('0');
      // moto departs from AWS: it does not count deleted subscriptions.
      expect(attributes.SubscriptionsDeleted).toBe(moto ? '0' : '1');
    });

    it('lists subscriptions in pages of 100', async () => {
      const TopicArn = await createTopic();
      for (let i = 0; i < 101; i++) await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn(`paged-${n}-${i}`) }));
      const first = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
      expect(first.Subscriptions).toHaveLength(100);
      const second = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken: first.NextToken }));
      expect(second.Subscriptions).toHaveLength(1);
      expect(second.NextToken).toBeUndefined();
      expect(second.Subscriptions?.[0]).toMatchObject({ TopicArn, Protocol: 'sqs', Owner: account, Endpoint: queueArn(`paged-${n}-100`) });
      const all = await sns.send(new ListSubscriptionsCommand({}));
      expect(all.Subscriptions).toHaveLength(100);
      expect(all.NextToken).toBeDefined();
    });

    it('refuses a confirmation token it did not issue', async () => {
      const TopicArn = await createTopic();
      // moto departs from AWS: it confirms with any token.
      await refused(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'randomtoken' })), { name: 'InvalidParameterException', message: 'Invalid token', status: 400 });
    });

    it('answers an unknown subscription and a malformed subscription ARN', async () => {
      const TopicArn = await createTopic();
      expect(await failure(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: `${TopicArn}:0f7d5971-aa8b-4bd5-b585-0826e9f93a66` })))).toEqual({
        name: 'NotFoundException',
        message: 'Subscription does not exist',
        status: 404,
      });
      // moto departs from AWS: it unsubscribes any text without a word.
      await refused(sns.send(new UnsubscribeCommand({ SubscriptionArn: 'randomstring' })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1',
        status: 400,
      });
    });
  });

  describe('publish', () => {
    it('publishes by TopicArn and TargetArn with attributes of every type', async () => {
      const TopicArn = await createTopic();
      const MessageAttributes = {
        text: { DataType: 'String', StringValue: 'hello' },
        count: { DataType: 'Number', StringValue: '42.5' },
        tags: { DataType: 'String.Array', StringValue: '["a", "b"]' },
        blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) },
      };
      const byTopic = await sns.send(new PublishCommand({ TopicArn, Message: 'hi', Subject: 'Greeting', MessageAttributes }));
      expect(byTopic.MessageId).toMatch(UUID);
      const byTarget = await sns.send(new PublishCommand({ TargetArn: TopicArn, Message: 'hi' }));
      expect(byTarget.MessageId).toMatch(UUID);
      expect(byTarget.MessageId).not.toBe(byTopic.MessageId);
    });

    it('publishes per-protocol messages with MessageStructure=json and requires "default"', async () => {
      const TopicArn = await createTopic();
      const ok = await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'd', sqs: 's' }) }));
      expect(ok.MessageId).toMatch(UUID);
      // moto departs from AWS: it accepts a structure without "default".
      await refused(sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ sqs: 's' }) })), {
        name: 'InvalidParameterException',
        message: 'Invalid parameter: Message Structure - No default entry in JSON message body',
        status: 400,
      });
    });

    it('refuses bad subjects, empty and oversized messages', async () => {
      const TopicArn = await createTopic();
      const longSubject = await failure(sns.send(new PublishCommand({ TopicArn, Message: 'm', Subject: 's'.repeat(101) })));
      // moto departs from AWS's message for a long subject, and accepts an empty one.
      expect(longSubject).toEqual({ name: 'InvalidParameterException', message: aws('Invalid parameter: Subject', 'Subject must be less than 100 characters'), status: 400 });
      await refused(sns.send(new PublishCommand({ TopicArn, Message: 'm', Subject: '' })), { name: 'InvalidParameterException', message: 'Invalid parameter: Subject', status: 400 });
      const big = await failure(sns.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_145) })));
      expect(big).toMatchObject({ name: 'InvalidParameterException', status: 400 });
      expect(big.message).toContain('Message too long');
      const justFits = await sns.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_144) }));
      expect(justFits.MessageId).toMatch(UUID);
      // moto departs from AWS: it accepts an empty message.
      await refused(sns.send(new PublishCommand({ TopicArn, Message: '' })), { name: 'InvalidParameterException', message: 'Invalid parameter: Empty message', status: 400 });
    });

    it('refuses malformed message attributes with AWS messages', async () => {
      const TopicArn = await createTopic();
      const publish = (MessageAttributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>) =>
        failure(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes })));
      const empty = await publish({ attr1: { DataType: 'String', StringValue: '' } });
      const badType = await publish({ attr1: { DataType: 'Integer', StringValue: '1' } });
      expect(empty.status).toBe(400);
      expect(badType.status).toBe(400);
      // moto departs from AWS for an empty value (InvalidParameter, and type 'S' for 'String') and checks no names.
      expect(empty).toMatchObject({
        name: aws('InvalidParameterValueException', 'InvalidParameterException'),
        message: `The message attribute 'attr1' must contain non-empty message attribute value for message attribute type '${aws('String', 'S')}'.`,
      });
      expect(badType).toMatchObject({
        name: aws('InvalidParameterValueException', 'InvalidParameterException'),
        message: "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
      });
      await refused(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes: { 'a^b': { DataType: 'String', StringValue: '1' } } })), {
        name: 'InvalidParameterValueException',
        message: "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.",
      });
    });

    it('answers publishing to a topic that does not exist with NotFound', async () => {
      const TopicArn = await createTopic();
      const err = await failure(sns.send(new PublishCommand({ TopicArn: `${TopicArn}-gone`, Message: 'm' })));
      // moto departs from AWS's message: it speaks of an endpoint.
      expect(err).toEqual({ name: 'NotFoundException', message: aws('Topic does not exist', 'Endpoint does not exist'), status: 404 });
    });

    it('publishes to FIFO topics with group ids, deduplication and sequence numbers', async () => {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `${unique('fifo')}.fifo`, Attributes: { FifoTopic: 'true' } }))).TopicArn as string;
      const noGroup = await failure(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageDeduplicationId: 'd1' })));
      // moto departs from AWS: MissingParameter instead of InvalidParameter.
      expect(noGroup).toEqual({
        name: aws('InvalidParameterException', 'MissingParameter'),
        message: aws('Invalid parameter: The MessageGroupId parameter is required for FIFO topics', 'The request must contain the parameter MessageGroupId.'),
        status: 400,
      });
      const noDedup = await failure(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageGroupId: 'g' })));
      expect(noDedup).toEqual({
        name: 'InvalidParameterException',
        // moto departs from AWS's message: it lacks the "Invalid parameter: " prefix.
        message: `${aws('Invalid parameter: ', '')}The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly`,
        status: 400,
      });
      const first = await sns.send(new PublishCommand({ TopicArn, Message: 'm1', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
      const second = await sns.send(new PublishCommand({ TopicArn, Message: 'm2', MessageGroupId: 'g', MessageDeduplicationId: 'd2' }));
      if (moto) {
        // moto departs from AWS: its FIFO Publish answers carry no SequenceNumber.
        expect([first.SequenceNumber, second.SequenceNumber]).toEqual([undefined, undefined]);
      } else {
        expect(first.SequenceNumber).toMatch(/^\d{20}$/);
        expect(BigInt(second.SequenceNumber as string)).toBeGreaterThan(BigInt(first.SequenceNumber as string));
        const again = await sns.send(new PublishCommand({ TopicArn, Message: 'm1 again', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
        expect(again).toMatchObject({ MessageId: first.MessageId, SequenceNumber: first.SequenceNumber });
      }
      const standard = await createTopic();
      const dedupOnStandard = await failure(sns.send(new PublishCommand({ TopicArn: standard, Message: 'm', MessageDeduplicationId: 'd' })));
      expect(dedupOnStandard).toEqual({
        name: 'InvalidParameterException',
        message: 'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
        status: 400,
      });
    });
  });

  describe('publish batch', () => {
    it('publishes up to 10 entries and reports each by its Id', async () => {
      const TopicArn = await createTopic();
      const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m-${i}`, Message: `message ${i}` }));
      const result = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries }));
      expect((result.Successful ?? []).map((s) => s.Id)).toEqual(entries.map((e) => e.Id));
      expect((result.Successful ?? []).every((s) => UUID.test(s.MessageId ?? ''))).toBe(true);
      expect(result.Failed ?? []).toEqual([]);
    });

    it('refuses more than 10 entries, repeated ids and bad ids', async () => {
      const TopicArn = await createTopic();
      const many = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: 'x' }));
      expect(await failure(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: many })))).toMatchObject({
        name: 'TooManyEntriesInBatchRequestException',
        message: 'The batch request contains more entries than permissible.',
        status: 400,
      });
      const same = [{ Id: 'a', Message: 'x' }, { Id: 'a', Message: 'y' }];
      expect(await failure(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: same })))).toMatchObject({
        name: 'BatchEntryIdsNotDistinctException',
        message: 'Two or more batch entries in the request have the same Id.',
      });
      // moto departs from AWS: it accepts any entry id.
      await refused(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'message.id', Message: 'x' }] })), {
        name: 'InvalidBatchEntryIdException',
        message: 'The Id of a batch entry in the batch request contains an impermissible character: message.id',
        status: 400,
      });
    });
  });
});

import { allowsTopic, grantId, grantTopic, snsSendStatement, UnreadablePolicyError } from '../../src/datasources/access-policy';
import { buildEvent, eventAttributes, eventBytes, parseEventMessage } from '../../src/datasources/event-bus';
import { messageBytes, publishChunks, publishProblems, snsAttributes } from '../../src/datasources/sns-messages';
import { settingsOf, subscribeProblems } from '../../src/datasources/subscriptions.datasource';
import { endpointProblem } from '../../src/datasources/subscription-endpoints';
import { fieldOfMessage, snsError, TopicRefs, topicOfArn } from '../../src/datasources/topic-refs';
import { topicName } from '../../src/datasources/topics.datasource';
import { SnsAccount } from '../../src/aws/sns-account';
import { AttributeDataType } from '../../src/types/attribute.type';
import { FilterPolicyScope, Protocol } from '../../src/types/topic.type';
import type { SubscribeInput } from '../../src/types/topic.input';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:jobs';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:orders';
const OTHER = 'arn:aws:sns:us-east-1:000000000000:billing';

describe('queue policy grants', () => {
  it('adds one statement for the topic to an empty policy', () => {
    const policy = JSON.parse(grantTopic(undefined, QUEUE, TOPIC) ?? '');
    expect(policy).toEqual({ Version: '2012-10-17', Statement: [snsSendStatement(QUEUE, TOPIC)] });
    expect(policy.Statement[0]).toEqual({
      Sid: grantId('AllowSnsTopic', TOPIC),
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: QUEUE,
      Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } },
    });
  });

  it('keeps the statements already there (a single object too) and adds one per topic', () => {
    const own = { Sid: 'Own', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:ReceiveMessage', Resource: QUEUE };
    const once = grantTopic(JSON.stringify({ Version: '2008-10-17', Id: 'p', Statement: own }), QUEUE, TOPIC) ?? '';
    const twice = JSON.parse(grantTopic(once, QUEUE, OTHER) ?? '');
    expect(twice).toMatchObject({ Version: '2008-10-17', Id: 'p' });
    expect(twice.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['Own', grantId('AllowSnsTopic', TOPIC), grantId('AllowSnsTopic', OTHER)]);
  });

  it('changes nothing when the topic is already allowed, by our statement or an equivalent one', () => {
    expect(grantTopic(grantTopic(undefined, QUEUE, TOPIC), QUEUE, TOPIC)).toBeUndefined();
    const handWritten = { Effect: 'Allow', Principal: { Service: ['sns.amazonaws.com'] }, Action: ['sqs:*'], Resource: '*', Condition: { ArnLike: { 'AWS:SourceArn': [TOPIC] } } };
    expect(allowsTopic(handWritten, QUEUE, TOPIC)).toBe(true);
    expect(allowsTopic({ ...handWritten, Effect: 'Deny' }, QUEUE, TOPIC)).toBe(false);
    expect(allowsTopic({ ...handWritten, Condition: undefined }, QUEUE, TOPIC)).toBe(false);
    expect(allowsTopic({ ...handWritten, Resource: 'arn:aws:sqs:us-east-1:000000000000:other' }, QUEUE, TOPIC)).toBe(false);
    expect(allowsTopic({ ...handWritten, Action: 'sqs:ReceiveMessage' }, QUEUE, TOPIC)).toBe(false);
  });

  it('refuses a policy that is not a JSON object', () => {
    expect(() => grantTopic('{nope', QUEUE, TOPIC)).toThrow(UnreadablePolicyError);
    expect(() => grantTopic('[1]', QUEUE, TOPIC)).toThrow(UnreadablePolicyError);
  });

  it('uses statement ids of letters and digits, stable per topic', () => {
    expect(grantId('AllowSnsTopic', TOPIC)).toMatch(/^AllowSnsTopic[0-9a-f]{16}$/);
    expect(grantId('sns-', TOPIC)).toBe(grantId('sns-', TOPIC));
    expect(grantId('sns-', TOPIC)).not.toBe(grantId('sns-', OTHER));
  });
});

describe('outgoing messages', () => {
  const attributes = [
    { name: 'kind', value: 'order', dataType: AttributeDataType.STRING },
    { name: 'n', value: '12', dataType: AttributeDataType.NUMBER },
    { name: 'b', value: 'AAEC', dataType: AttributeDataType.BINARY },
  ];

  it('encodes attributes for SNS and counts their bytes as SNS does', () => {
    expect(snsAttributes(attributes)).toEqual({
      kind: { DataType: 'String', StringValue: 'order' },
      n: { DataType: 'Number', StringValue: '12' },
      b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) },
    });
    expect(snsAttributes([])).toBeUndefined();
    // body 5 + kind(4+6+5) + n(1+6+2) + b(1+6+3)
    expect(messageBytes({ message: 'hello', attributes })).toBe(5 + 15 + 9 + 10);
  });

  it('finds every problem of a message for its topic type, with the field', () => {
    expect(publishProblems({ message: 'ok' }, false)).toEqual([]);
    expect(publishProblems({ message: 'ok', groupId: 'g' }, false)).toEqual([]);
    expect(publishProblems({ message: 'ok', deduplicationId: 'd' }, false).map((p) => p.field)).toEqual(['deduplicationId']);
    expect(publishProblems({ message: 'ok' }, true).map((p) => p.field)).toEqual(['groupId']);
    expect(publishProblems({ message: 'x'.repeat(262_144) }, false)).toEqual([]);
    expect(publishProblems({ message: 'x'.repeat(262_140), attributes: [{ name: 'k', value: 'v' }] }, false, 'entries.2.').map((p) => p.field)).toEqual(['entries.2.message']);
    expect(publishProblems({ message: '', attributes: [{ name: 'n', value: '1e200', dataType: AttributeDataType.NUMBER }] }, false).map((p) => p.field)).toEqual(['attributes.0.value', 'message']);
  });

  it('chunks batches by 10 entries and by 256 KB', () => {
    const sizes = [100_000, 100_000, 100_000, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    expect(publishChunks(sizes, (s) => s).map((c) => c.length)).toEqual([2, 10, 2]);
    expect(publishChunks(Array(25).fill(1), (s) => s).map((c) => c.length)).toEqual([10, 10, 5]);
  });
});

describe('topic names and references', () => {
  it('appends .fifo to FIFO names and refuses .fifo without fifo', () => {
    expect(topicName({ name: 'a', fifo: true })).toBe('a.fifo');
    expect(topicName({ name: 'a.fifo', fifo: true })).toBe('a.fifo');
    expect(topicName({ name: 'a', fifo: null })).toBe('a');
    expect(() => topicName({ name: 'a.fifo', fifo: false })).toThrow(/fifo: true/);
    expect(() => topicName({ name: 'a', fifo: false, contentBasedDeduplication: true })).toThrow(/only to FIFO/);
    expect(() => topicName({ name: 'a'.repeat(252), fifo: true })).toThrow(/256/);
  });

  it('reads name and FIFO-ness off an ARN', () => {
    expect(topicOfArn('arn:aws:sns:eu-west-1:123456789012:q.fifo')).toEqual({ name: 'q.fifo', arn: 'arn:aws:sns:eu-west-1:123456789012:q.fifo', fifo: true });
  });

  it('resolves names in the region and the account SNS reports, ARNs as given', async () => {
    const account = new SnsAccount({ send: async () => ({ Topics: [{ TopicArn: 'arn:aws:sns:us-east-1:111122223333:any' }] }) } as never);
    const refs = new TopicRefs({ region: 'eu-west-1', account });
    expect(await refs.arnOf('orders')).toBe('arn:aws:sns:eu-west-1:111122223333:orders');
    expect(await refs.arnOf('arn:aws:sns:eu-west-1:444455556666:x')).toBe('arn:aws:sns:eu-west-1:444455556666:x');
    await expect(refs.arnOf('arn:aws:sns:us-west-2:444455556666:x')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'topic' }] });
    await expect(refs.arnOf('bad name')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'topic' }] });
    await expect(refs.arnOf('arn:aws:sqs:us-east-1:111122223333:q', 'name')).rejects.toMatchObject({ fields: [{ field: 'name' }] });
  });

  it('knows no account while the caller owns no topic, and learns one from CreateTopic', async () => {
    let calls = 0;
    const account = new SnsAccount({ send: async () => (calls++, { Topics: [] }) } as never);
    expect(await account.get()).toBeUndefined();
    account.learn('arn:aws:sns:us-east-1:999988887777:new');
    expect(await account.get()).toBe('999988887777');
    expect(calls).toBe(1);
    expect(await new TopicRefs({ region: 'us-east-1', account: new SnsAccount({ send: async () => ({}) } as never) }).arnOf('x')).toBeUndefined();
  });
});

describe('SNS error translation', () => {
  const what = { notFound: () => new Error('gone'), field: 'endpoint', action: 'subscribe' };
  const err = (name: string, message = '', status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('names the field an InvalidParameter message is about', () => {
    expect(fieldOfMessage('Invalid parameter: Subject', 'x')).toBe('subject');
    expect(fieldOfMessage('Invalid parameter: MessageGroupId Reason: required', 'x')).toBe('groupId');
    expect(fieldOfMessage('Something else', 'fallback')).toBe('fallback');
  });

  it('maps NOT_FOUND, BAD_USER_INPUT, CONFLICT, FORBIDDEN, THROTTLED and UPSTREAM_UNAVAILABLE', () => {
    expect((snsError(err('NotFoundException'), what) as Error).message).toBe('gone');
    expect(snsError(err('InvalidParameterException', 'Invalid parameter: FilterPolicy: bad'), what)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filterPolicy', message: 'FilterPolicy: bad' }] });
    expect(snsError(err('InvalidParameterException', 'Invalid parameter: Attributes Reason: Topic already exists with different attributes'), what)).toMatchObject({ code: 'CONFLICT' });
    expect(snsError(err('AuthorizationErrorException'), what)).toMatchObject({ code: 'FORBIDDEN' });
    expect(snsError(err('ThrottlingException', '', 400), what)).toMatchObject({ code: 'THROTTLED' });
    expect(snsError(err('InternalErrorException', '', 500), what)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(snsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), what)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

describe('subscriptions', () => {
  const input = (over: Partial<SubscribeInput>) => ({ topic: 't', protocol: Protocol.SQS, endpoint: 'q', filterPolicyScope: FilterPolicyScope.MESSAGE_ATTRIBUTES, rawMessageDelivery: false, ...over }) as SubscribeInput & { filterPolicyScope: FilterPolicyScope; rawMessageDelivery: boolean };

  it('checks endpoints by protocol', () => {
    expect(endpointProblem(Protocol.SQS, 'jobs')).toBeUndefined();
    expect(endpointProblem(Protocol.SQS, 'http://127.0.0.1:4566/000000000000/jobs')).toBeUndefined();
    expect(endpointProblem(Protocol.SQS, QUEUE)).toBeUndefined();
    expect(endpointProblem(Protocol.SQS, TOPIC)).toMatch(/queue/);
    expect(endpointProblem(Protocol.LAMBDA, 'arn:aws:lambda:us-east-1:000000000000:function:echo:live')).toBeUndefined();
    expect(endpointProblem(Protocol.LAMBDA, 'arn:aws:lambda:us-east-1:000000000000:layer:x')).toMatch(/function/);
    expect(endpointProblem(Protocol.EMAIL_JSON, 'a@b.co')).toBeUndefined();
    expect(endpointProblem(Protocol.HTTPS, 'https://x.example/hook')).toBeUndefined();
    expect(endpointProblem(Protocol.HTTPS, 'http://x.example/hook')).toMatch(/https:\/\//);
  });

  it('refuses raw delivery where SNS has none and invalid policies', () => {
    expect(subscribeProblems(input({ protocol: Protocol.HTTP, endpoint: 'http://x.example', rawMessageDelivery: true }))).toEqual([]);
    expect(subscribeProblems(input({ protocol: Protocol.EMAIL, endpoint: 'a@b.co', rawMessageDelivery: true })).map((p) => p.field)).toEqual(['rawMessageDelivery']);
    expect(subscribeProblems(input({ filterPolicy: { a: 'b' } }))).toEqual([{ field: 'filterPolicy', message: '"a" must be an object or an array' }]);
    expect(subscribeProblems(input({ filterPolicy: { a: { b: ['c'] } }, filterPolicyScope: FilterPolicyScope.MESSAGE_BODY }))).toEqual([]);
  });

  it('reads settings from subscription attributes; "{}" is no policy', () => {
    expect(settingsOf({ FilterPolicy: '{"a":["b"]}', RawMessageDelivery: 'true' })).toEqual({ filterPolicy: { a: ['b'] }, filterPolicyScope: FilterPolicyScope.MESSAGE_ATTRIBUTES, rawMessageDelivery: true });
    expect(settingsOf({ FilterPolicy: '{"a":{"b":["c"]}}', FilterPolicyScope: 'MessageBody' })).toMatchObject({ filterPolicyScope: FilterPolicyScope.MESSAGE_BODY });
    expect(settingsOf({ FilterPolicy: '{}', FilterPolicyScope: 'MessageBody' })).toEqual({ filterPolicy: null, filterPolicyScope: null, rawMessageDelivery: false });
    expect(settingsOf({})).toEqual({ filterPolicy: null, filterPolicyScope: null, rawMessageDelivery: false });
  });
});

describe('events', () => {
  const now = new Date('2026-01-02T03:04:05.000Z');

  it('builds the event and its attributes', () => {
    const event = buildEvent('order.created', { id: 1 }, 'shop', now);
    expect(event).toEqual({ eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'order.created', source: 'shop', timestamp: '2026-01-02T03:04:05.000Z', data: { id: 1 } });
    expect(eventAttributes(event)).toEqual({ type: { DataType: 'String', StringValue: 'order.created' }, source: { DataType: 'String', StringValue: 'shop' } });
    expect(eventAttributes({ ...event, source: null })).toEqual({ type: { DataType: 'String', StringValue: 'order.created' } });
    expect(eventBytes(event)).toBe(Buffer.byteLength(JSON.stringify(event)) + 'typeString'.length + 13 + 'sourceString'.length + 4);
  });

  it('validates type, source and size', () => {
    expect(() => buildEvent('a b', {}, null)).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: 'type' })] }));
    expect(() => buildEvent('a'.repeat(129), {}, null)).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: 'type' })] }));
    expect(buildEvent('a'.repeat(128), {}, null).type).toHaveLength(128);
    expect(() => buildEvent('t', {}, 'tab\there')).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: 'source' })] }));
    expect(() => buildEvent('t', 'x'.repeat(262_100), null)).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: 'data' })] }));
  });

  it('reads an event from an SNS envelope or a raw body, and nothing else', () => {
    const event = buildEvent('user.created', { user: 1 }, null, now);
    expect(parseEventMessage(JSON.stringify(event))).toEqual(event);
    expect(parseEventMessage(JSON.stringify({ Type: 'Notification', Message: JSON.stringify(event), TopicArn: TOPIC }))).toEqual(event);
    expect(parseEventMessage('plain')).toBeUndefined();
    expect(parseEventMessage(JSON.stringify({ Type: 'Notification', Message: 'plain' }))).toBeUndefined();
    expect(parseEventMessage(JSON.stringify({ type: 'x' }))).toBeUndefined();
  });
});

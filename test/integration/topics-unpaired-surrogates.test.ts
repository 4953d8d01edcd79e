import { PublishCommand } from '@aws-sdk/client-sns';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

/**
 * A string with an unpaired UTF-16 surrogate ("a\ud800", which JSON can carry) is no text and SNS
 * can't take it: the SDK's URL encoding of SNS requests throws on it, and used to leave half the
 * request in its shared serializer, prepended to the next SNS request of any client. A variable
 * holding one is refused before execution (BAD_USER_INPUT on the variable's path, see
 * unpaired-surrogates.test.ts), the resolvers check their fields, and the client refuses such input
 * before serializing it.
 */
const BAD = 'order \ud800 placed';
const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.fields?.map((f: { field: string }) => f.field);

describe('unpaired surrogates on their way to SNS', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await gqlData(app, 'mutation { createTopic(input: { name: "texts" }) { arn } }');
  });
  afterAll(() => app.close());

  it('are BAD_USER_INPUT on the variables of publish, createTopic, publishEvent and subscribe', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['mutation($m: String!) { publish(input: { topic: "texts", message: $m }) { messageId } }', { m: BAD }],
      ['mutation($m: String!) { createTopic(input: { name: "texts2", displayName: $m }) { arn } }', { m: BAD }],
      ['mutation($m: String!) { publishEvent(type: "order.placed", data: {}, source: $m) { eventId } }', { m: BAD }],
      ['mutation($m: String!) { subscribe(input: { topic: "texts", protocol: HTTP, endpoint: $m }) { arn } }', { m: `http://example.com/${BAD}` }],
    ];
    for (const [query, variables] of cases) {
      const res = await gql(app, query, variables);
      expect({ query, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ query, codes: ['BAD_USER_INPUT'], fields: ['$m'] });
    }
  });

  it('refuse a whole publishBatch, naming the entry, before anything is published', async () => {
    const res = await gql(app, 'mutation($e: [BatchPublishInput!]!) { publishBatch(topic: "texts", entries: $e) { published { messageId } } }', {
      e: [{ message: 'fine' }, { message: BAD }],
    });
    expect({ codes: codesOf(res), fields: fieldsOf(res), data: res.data }).toEqual({ codes: ['BAD_USER_INPUT'], fields: ['$e.1.message'], data: undefined });
  });

  it('leave nothing behind for the next SNS request', async () => {
    await gql(app, 'mutation($m: String!) { publishEvent(type: "order.placed", data: {}, source: $m) { eventId } }', { m: BAD });
    const next = await gql(app, 'mutation { publishEvent(type: "order.placed", data: { id: 1 }) { type source data } }');
    expect(next).toEqual({ data: { publishEvent: { type: 'order.placed', source: null, data: { id: 1 } } } });
  });

  it('are refused by the SNS client itself before serialization, and the next call is intact', async () => {
    const { createTopic } = await gqlData(app, 'mutation { createTopic(input: { name: "texts" }) { arn } }');
    await expect(app.clients.sns.send(new PublishCommand({ TopicArn: createTopic.arn, Message: 'x', MessageAttributes: { k: { DataType: 'String', StringValue: BAD } } }))).rejects.toMatchObject({
      name: 'ValidationError',
      fields: [{ field: 'MessageAttributes.k.StringValue', message: expect.stringContaining('unpaired UTF-16 surrogate') }],
    });
    const out = await app.clients.sns.send(new PublishCommand({ TopicArn: createTopic.arn, Message: 'intact' }));
    expect(out.MessageId).toEqual(expect.any(String));
  });
});

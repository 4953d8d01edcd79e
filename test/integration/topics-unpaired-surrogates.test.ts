import { PublishCommand } from '@aws-sdk/client-sns';
import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

/**
 * A string with an unpaired UTF-16 surrogate ("a\ud800", which JSON can carry) is no text and SNS
 * can't take it: the SDK's URL encoding of SNS requests throws on it, and used to leave half the
 * request in its shared serializer, prepended to the next SNS request of any client. Every SNS
 * argument is checked first (BAD_USER_INPUT on the field), and the client refuses such input before
 * serializing it.
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

  it('are BAD_USER_INPUT on publish, createTopic and publishEvent fields', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['mutation($m: String!) { publish(input: { topic: "texts", message: $m }) { messageId } }', { m: BAD }, 'message'],
      ['mutation($m: String!) { createTopic(input: { name: "texts2", displayName: $m }) { arn } }', { m: BAD }, 'displayName'],
      ['mutation($m: String!) { publishEvent(type: "order.placed", data: {}, source: $m) { eventId } }', { m: BAD }, 'source'],
      ['mutation($m: String!) { subscribe(input: { topic: "texts", protocol: HTTP, endpoint: $m }) { arn } }', { m: `http://example.com/${BAD}` }, 'endpoint'],
    ];
    for (const [query, variables, field] of cases) {
      const res = await gql(app, query, variables);
      expect({ field, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ field, codes: ['BAD_USER_INPUT'], fields: [field] });
    }
  });

  it('fail only their own entry of a publishBatch', async () => {
    const { publishBatch } = await gqlData(app, 'mutation($e: [BatchPublishInput!]!) { publishBatch(topic: "texts", entries: $e) { published { messageId } failed { index code } } }', {
      e: [{ message: BAD }, { message: 'fine' }],
    });
    expect(publishBatch.published).toHaveLength(1);
    expect(publishBatch.failed).toEqual([{ index: 0, code: 'BAD_USER_INPUT' }]);
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

import { startLocalAws, type LocalAws } from '../../src/local';
import { awsCliFailure, awsJson, botoInstalled, cliInstalled, python } from '../helpers/aws-tools';

const itCli = cliInstalled() ? it : it.skip;
const itBoto = botoInstalled() ? it : it.skip;

describe('local SNS on the wire', () => {
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
  });
  afterAll(() => local.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(local.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });

  it('answers with AWS XML, the request id in header and body', async () => {
    const res = await post('Action=CreateTopic&Version=2010-03-31&Name=wire');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const text = await res.text();
    const id = res.headers.get('x-amzn-requestid');
    expect(text).toBe(
      `<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:000000000000:wire</TopicArn></CreateTopicResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></CreateTopicResponse>`,
    );
  });

  it('answers errors with the ErrorResponse shape and the status of the code', async () => {
    const res = await post('Action=GetTopicAttributes&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:none');
    expect(res.status).toBe(404);
    const id = res.headers.get('x-amzn-requestid');
    expect(await res.text()).toBe(
      `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
    );
  });

  it.each([
    ['Action=Explode&Version=2010-03-31', 400, 'InvalidAction'],
    ['Action=AddPermission&Version=2010-03-31', 400, 'InvalidAction'],
    ['Version=2010-03-31', 400, 'MissingAction'],
    ['Action=Publish&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:wire', 400, 'ValidationError'],
    ['Action=Publish&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:111111111111:wire&Message=m', 403, 'AuthorizationError'],
    ['Action=Subscribe&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:wire&Protocol=sqs&Endpoint=x&Attributes.entry.1.key=Bogus', 400, 'InvalidParameter'],
    ['Action=Publish&Version=2010-03-31&%%%=&&&=', 400, 'InvalidParameter'],
    ['Action=PublishBatch&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:wire', 400, 'EmptyBatchRequest'],
  ])('refuses %s with %i %s', async (body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(`<Code>${code}</Code>`);
  });

  it('serves the key that verifies signatures', async () => {
    const res = await fetch(`${local.endpoint}/_local/sns/SimpleNotificationService.pem`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  itCli('creates, publishes and lists with the AWS CLI', async () => {
    const aws = (...args: string[]) => awsJson(local.endpoint, 'sns', ...args);
    const { TopicArn } = await aws('create-topic', '--name', 'cli-events', '--attributes', 'DisplayName=CLI');
    expect(TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:cli-events');
    const published = await aws('publish', '--topic-arn', TopicArn, '--message', 'hello', '--message-attributes', '{"kind":{"DataType":"String","StringValue":"demo"}}');
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const { Topics } = await aws('list-topics');
    expect(Topics).toContainEqual({ TopicArn });
    const failed = await awsCliFailure(local.endpoint, ['sns', 'get-topic-attributes', '--topic-arn', `${TopicArn}-none`]);
    expect(failed?.code).toBe(255);
    expect(failed?.stderr).toContain('An error occurred (NotFound) when calling the GetTopicAttributes operation: Topic does not exist');
  });

  itBoto('works with boto3, paginators and batch included', async () => {
    const script = [
      'import boto3, json, sys',
      's = boto3.client("sns", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")',
      't = s.create_topic(Name="boto-topic", Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]',
      'sub = s.subscribe(TopicArn=t, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:boto-q", Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]',
      'b = s.publish_batch(TopicArn=t, PublishBatchRequestEntries=[{"Id": "a", "Message": "x", "MessageAttributes": {"bin": {"DataType": "Binary", "BinaryValue": b"\\x00\\xff"}}}, {"Id": "b", "Message": "y"}])',
      'subs = [x for p in s.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=t) for x in p["Subscriptions"]]',
      'attrs = s.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]',
      'print(json.dumps({"ok": sorted(e["Id"] for e in b["Successful"]), "subs": [x["SubscriptionArn"] for x in subs], "raw": attrs["RawMessageDelivery"], "tags": s.list_tags_for_resource(ResourceArn=t)["Tags"]}))',
    ].join('\n');
    const out = JSON.parse(await python(script, local.endpoint)) as { ok: string[]; subs: string[]; raw: string; tags: unknown };
    expect(out.ok).toEqual(['a', 'b']);
    expect(out.subs).toHaveLength(1);
    expect(out.subs[0]).toMatch(/^arn:aws:sns:us-east-1:000000000000:boto-topic:[0-9a-f-]{36}$/);
    expect(out.raw).toBe('true');
    expect(out.tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });
});

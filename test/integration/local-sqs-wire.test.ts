import { startLocalAws, type LocalAws } from '../../src/local';

/** Raw HTTP to the local SQS, for requests no SDK would send. */
describe('local SQS on the wire: malformed requests and the query protocol', () => {
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
  });
  afterAll(() => local.close());

  async function json(operation: string, body: string): Promise<{ status: number; body: Record<string, string>; queryError: string | null }> {
    const res = await fetch(local.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}` }, body });
    return { status: res.status, body: (await res.json()) as Record<string, string>, queryError: res.headers.get('x-amzn-query-error') };
  }

  async function query(params: Record<string, string>, path = '/'): Promise<{ status: number; text: string }> {
    const res = await fetch(`${local.endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: '2012-11-05', ...params }) });
    return { status: res.status, text: await res.text() };
  }

  async function stillServes(): Promise<void> {
    const res = await json('ListQueues', '{}');
    expect(res.status).toBe(200);
  }

  it('answers a body that is not JSON with SerializationException', async () => {
    const res = await json('ListQueues', '{"QueueNamePrefix": ');
    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('com.amazon.coral.service#SerializationException');
    await stillServes();
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await json('StealMessages', '{}');
    expect([res.status, res.body.__type]).toEqual([400, 'com.amazon.coral.service#UnknownOperationException']);
    await stillServes();
  });

  it('answers a missing QueueUrl with MissingParameter, header and body as AWS sends them', async () => {
    const res = await json('SendMessage', '{"MessageBody":"x"}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ __type: 'com.amazon.coral.service#MissingRequiredParameterException', message: 'The request must contain the parameter QueueUrl.' });
    expect(res.queryError).toBe('MissingParameter;Sender');
    await stillServes();
  });

  it('answers wrong member types with SerializationException', async () => {
    for (const [operation, body] of [
      ['GetQueueUrl', '{"QueueName": 5}'],
      ['CreateQueue', '{"QueueName": "q", "Attributes": ["VisibilityTimeout"]}'],
      ['ReceiveMessage', '{"QueueUrl": "http://x/000000000000/q", "MaxNumberOfMessages": "ten"}'],
      ['SendMessageBatch', '{"QueueUrl": "http://x/000000000000/q", "Entries": {"Id": "a"}}'],
      ['ListQueues', '[]'],
      ['SendMessage', '{"QueueUrl": "http://x/000000000000/q", "MessageBody": "b", "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": "***"}}}'],
    ]) {
      const res = await json(operation as string, body as string);
      expect([operation, res.status, res.body.__type]).toEqual([operation, 400, 'com.amazon.coral.service#SerializationException']);
    }
    await stillServes();
  });

  it('answers a queue URL of another form or account as AWS does', async () => {
    const notUrl = await json('GetQueueAttributes', '{"QueueUrl": "not a url"}');
    expect([notUrl.status, notUrl.body.__type, notUrl.queryError]).toEqual([404, 'com.amazonaws.sqs#InvalidAddress', 'InvalidAddress;Sender']);
    const missing = await json('GetQueueAttributes', '{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/nope"}');
    expect([missing.status, missing.body.__type, missing.queryError]).toEqual([400, 'com.amazonaws.sqs#QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue;Sender']);
  });

  it('finds a queue by the path of its URL, whatever the host', async () => {
    await json('CreateQueue', '{"QueueName": "anyhost"}');
    const res = await json('SendMessage', '{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/anyhost", "MessageBody": "via AWS-style URL"}');
    expect(res.status).toBe(200);
    expect(res.body.MD5OfMessageBody).toBe('37ef1a4a43a44add1a21ec153335f1c9');
  });

  it('answers a client that went away during a long poll, and keeps serving', async () => {
    await json('CreateQueue', '{"QueueName": "abandoned"}');
    const controller = new AbortController();
    const pending = fetch(local.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ReceiveMessage' },
      body: JSON.stringify({ QueueUrl: `${local.endpoint}/000000000000/abandoned`, WaitTimeSeconds: 20 }),
      signal: controller.signal,
    }).catch((err: Error) => err.name);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(await pending).toBe('AbortError');
    // The server learns of the closed connection asynchronously; give it a moment before sending.
    await new Promise((r) => setTimeout(r, 100));
    await json('SendMessage', JSON.stringify({ QueueUrl: `${local.endpoint}/000000000000/abandoned`, MessageBody: 'kept' }));
    const res = await json('ReceiveMessage', JSON.stringify({ QueueUrl: `${local.endpoint}/000000000000/abandoned` }));
    expect((res.body.Messages as unknown as Array<{ Body: string }>).map((m) => m.Body)).toEqual(['kept']);
  });

  it('speaks the query protocol: XML answers, the queue URL as the path, AWS error codes', async () => {
    const created = await query({ Action: 'CreateQueue', QueueName: 'xml-q', 'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '40' });
    expect(created.status).toBe(200);
    expect(created.text).toContain(`<CreateQueueResult><QueueUrl>${local.endpoint}/000000000000/xml-q</QueueUrl></CreateQueueResult>`);
    const sent = await query({ Action: 'SendMessage', MessageBody: 'say "hi"', 'MessageAttribute.1.Name': 'k', 'MessageAttribute.1.Value.DataType': 'String', 'MessageAttribute.1.Value.StringValue': 'v' }, '/000000000000/xml-q');
    expect(sent.text).toContain('<MD5OfMessageAttributes>');
    const received = await query({ Action: 'ReceiveMessage', QueueUrl: `${local.endpoint}/000000000000/xml-q`, 'MessageAttributeName.1': 'All', 'AttributeName.1': 'ApproximateReceiveCount' });
    expect(received.text).toContain('<Body>say &quot;hi&quot;</Body>');
    expect(received.text).toContain('<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>');
    expect(received.text).toContain('<MessageAttribute><Name>k</Name><Value><DataType>String</DataType><StringValue>v</StringValue></Value></MessageAttribute>');
    const attrs = await query({ Action: 'GetQueueAttributes', QueueUrl: `${local.endpoint}/000000000000/xml-q`, 'AttributeName.1': 'VisibilityTimeout' });
    expect(attrs.text).toContain('<Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute>');
    const missing = await query({ Action: 'GetQueueUrl', QueueName: 'nope' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist for this wsdl version.</Message>');
    const polluting = await query({ Action: 'GetQueueAttributes', QueueUrl: `${local.endpoint}/000000000000/xml-q`, '__proto__.polluted': 'yes', 'AttributeName.__proto__': 'x' });
    expect(polluting.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bogus = await query({ Action: 'ExplodeQueue' });
    expect([bogus.status, bogus.text.includes('<Code>InvalidAction</Code>')]).toEqual([400, true]);
    await stillServes();
  });

  it('keeps keys such as __proto__ as ordinary tag and attribute names', async () => {
    const QueueUrl = `${local.endpoint}/000000000000/anyhost`;
    expect((await json('TagQueue', JSON.stringify({ QueueUrl, Tags: JSON.parse('{"__proto__": "x", "team": "core"}') }))).status).toBe(200);
    const tags = await json('ListQueueTags', JSON.stringify({ QueueUrl }));
    expect(Object.entries(tags.body.Tags as unknown as Record<string, string>)).toEqual([['__proto__', 'x'], ['team', 'core']]);
    await json('CreateQueue', '{"QueueName": "protoq"}');
    const protoq = `${local.endpoint}/000000000000/protoq`;
    await json('SendMessage', `{"QueueUrl": "${protoq}", "MessageBody": "p", "MessageAttributes": {"__proto__": {"DataType": "String", "StringValue": "v"}}}`);
    const received = await json('ReceiveMessage', JSON.stringify({ QueueUrl: protoq, MessageAttributeNames: ['All'] }));
    const [message] = received.body.Messages as unknown as Array<{ MessageAttributes: Record<string, unknown> }>;
    expect(Object.entries(message?.MessageAttributes ?? {})).toEqual([['__proto__', { DataType: 'String', StringValue: 'v' }]]);
  });

  it('counts requests per operation, over both protocols', async () => {
    const before = local.requestCounts.get('sqs:GetQueueUrl') ?? 0;
    await json('GetQueueUrl', '{"QueueName": "anyhost"}');
    await query({ Action: 'GetQueueUrl', QueueName: 'anyhost' });
    expect(local.requestCounts.get('sqs:GetQueueUrl')).toBe(before + 2);
  });
});

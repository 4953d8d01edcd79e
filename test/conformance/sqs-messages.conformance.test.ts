import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { describeSqs, failure } from '../helpers/sqs';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const S = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

describeSqs('SQS messages', (target, awsOnly) => {
  const queue = async (Attributes?: Record<string, string>) => (await target().sqs.send(new CreateQueueCommand({ QueueName: target().unique('msg'), Attributes }))).QueueUrl as string;
  const send = (QueueUrl: string, MessageBody: string, extra: Partial<ConstructorParameters<typeof SendMessageCommand>[0]> = {}) =>
    target().sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, ...extra }));
  const receive = async (QueueUrl: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}): Promise<Message[]> =>
    (await target().sqs.send(new ReceiveMessageCommand({ QueueUrl, ...extra }))).Messages ?? [];
  const count = async (QueueUrl: string, name: 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible' | 'ApproximateNumberOfMessagesDelayed') =>
    Number((await target().sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [name] }))).Attributes?.[name]);

  it('sends, receives and deletes a message, with the body MD5 AWS computes', async () => {
    const url = await queue();
    const body = 'héllo wörld ✓ 𝄞 中文';
    const sent = await send(url, body);
    expect(sent.MD5OfMessageBody).toBe(md5(body));
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const [message] = await receive(url);
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: body, MD5OfBody: md5(body) });
    expect(message?.Attributes).toBeUndefined();
    expect(message?.MessageAttributes).toBeUndefined();
    expect(await count(url, 'ApproximateNumberOfMessagesNotVisible')).toBe(1);
    await target().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }));
    expect(await count(url, 'ApproximateNumberOfMessagesNotVisible')).toBe(0);
    expect(await receive(url)).toEqual([]);
  });

  it('digests message attributes of every data type as AWS does', async () => {
    const url = await queue();
    expect((await send(url, 'x', { MessageAttributes: { Foo: S('Bar') } })).MD5OfMessageAttributes).toBe('ae7155c6026991b6d54b11589678bf9c');
    const other = await queue();
    const attrs: Record<string, MessageAttributeValue> = {
      name: S('Ada'),
      count: { DataType: 'Number', StringValue: '42.5' },
      size: { DataType: 'Number.int', StringValue: '7' },
      blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 2, 255]) },
      gif: { DataType: 'Binary.gif', BinaryValue: Uint8Array.from([71, 73, 70]) },
      tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
    };
    // The digest of an independent implementation of AWS's algorithm (length-prefixed name, type, transport byte, value).
    expect((await send(other, 'y', { MessageAttributes: attrs })).MD5OfMessageAttributes).toBe('92722b697bfeaaf866f4e04052fabae0');
    const [message] = await receive(other, { MessageAttributeNames: ['All'] });
    expect(message?.MD5OfMessageAttributes).toBe('92722b697bfeaaf866f4e04052fabae0');
    expect(Buffer.from(message?.MessageAttributes?.blob?.BinaryValue ?? []).toString('hex')).toBe('000102ff');
    expect(message?.MessageAttributes?.size).toEqual({ DataType: 'Number.int', StringValue: '7' });
  });

  it('returns message attributes only when asked: All, names, or prefix.*', async () => {
    const url = await queue({ VisibilityTimeout: '0' });
    await send(url, 'msg', { MessageAttributes: { 'Help.Me': S('Me'), Hello: S('There'), General: S('Kenobi') } });
    const [none] = await receive(url);
    expect(none?.MessageAttributes).toBeUndefined();
    expect(none?.MD5OfMessageAttributes).toBeUndefined();
    const [all] = await receive(url, { MessageAttributeNames: ['All'] });
    expect(Object.keys(all?.MessageAttributes ?? {}).sort()).toEqual(['General', 'Hello', 'Help.Me']);
    expect(all?.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
    const [named] = await receive(url, { MessageAttributeNames: ['Hello', 'Missing'] });
    expect(named?.MessageAttributes).toEqual({ Hello: S('There') });
    expect(named?.MD5OfMessageAttributes).toBe('a311262e065454b75da111d535b8dacd');
  });

  it('selects attributes by prefix with name.*', async () => {
    const url = await queue({ VisibilityTimeout: '0' });
    await send(url, 'msg', { MessageAttributes: { 'Help.Me': S('Me'), Hello: S('There'), General: S('Kenobi') } });
    const [message] = await receive(url, { MessageAttributeNames: ['Hel.*'] });
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual(['Hello', 'Help.Me']);
    expect(message?.MD5OfMessageAttributes).toBe('83fee93c1bcd8b9a5a923ffacdc636c7');
  });

  it('returns system attributes only when asked, counting receives', async () => {
    const url = await queue({ VisibilityTimeout: '0' });
    const before = Date.now() - 5_000;
    await send(url, 'sys');
    const [first] = await receive(url, { MessageSystemAttributeNames: ['All'] });
    expect(first?.Attributes).toMatchObject({ ApproximateReceiveCount: '1' });
    expect(Number(first?.Attributes?.SentTimestamp)).toBeGreaterThan(before);
    expect(Number(first?.Attributes?.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(Number(first?.Attributes?.SentTimestamp));
    expect(first?.Attributes?.SenderId).toEqual(expect.any(String));
    const [second] = await receive(url, { AttributeNames: ['ApproximateReceiveCount' as never] });
    expect(second?.Attributes).toEqual({ ApproximateReceiveCount: '2' });
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
  });

  awsOnly('moto omits MD5OfMessageSystemAttributes')('carries the AWSTraceHeader system attribute with its MD5', async () => {
    const url = await queue();
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const sent = await send(url, 'traced', { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: trace } } });
    expect(sent.MD5OfMessageSystemAttributes).toBe('5ae4d5d7636402d80f4eb6d213245a88');
    const [message] = await receive(url, { MessageSystemAttributeNames: ['AWSTraceHeader'] });
    expect(message?.Attributes).toEqual({ AWSTraceHeader: trace });
  });

  it('receives at most MaxNumberOfMessages, and refuses more than 10', async () => {
    const url = await queue();
    for (let i = 0; i < 12; i++) await send(url, `m${i}`);
    expect((await receive(url, { MaxNumberOfMessages: 10 })).length).toBeLessThanOrEqual(10);
    expect((await failure(receive(url, { MaxNumberOfMessages: 11 }))).Code).toBe('InvalidParameterValue');
  });

  awsOnly('moto words it differently')('words the MaxNumberOfMessages error as AWS does', async () => {
    const err = await failure(receive(await queue(), { MaxNumberOfMessages: 0 }));
    expect(err.message).toBe('Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.');
  });

  it('long polling returns the message sent while it waits', async () => {
    const url = await queue();
    const waiting = receive(url, { WaitTimeSeconds: 10 });
    await new Promise((r) => setTimeout(r, 300));
    await send(url, 'arrived');
    expect((await waiting).map((m) => m.Body)).toEqual(['arrived']);
  });

  it('delays a message by DelaySeconds', async () => {
    const url = await queue();
    await send(url, 'later', { DelaySeconds: 1 });
    expect(await receive(url)).toEqual([]);
    expect(await count(url, 'ApproximateNumberOfMessagesDelayed')).toBe(1);
    expect((await receive(url, { WaitTimeSeconds: 5 })).map((m) => m.Body)).toEqual(['later']);
  });

  it('hides a received message until its visibility ends; visibility 0 shows it again at once', async () => {
    const url = await queue();
    await send(url, 'v');
    const [message] = await receive(url, { VisibilityTimeout: 60 });
    expect(await receive(url)).toEqual([]);
    await target().sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 }));
    expect((await receive(url)).map((m) => m.MessageId)).toEqual([message?.MessageId]);
  });

  it('refuses a body over MaximumMessageSize, counting attributes', async () => {
    const url = await queue({ MaximumMessageSize: '1024' });
    await send(url, 'a'.repeat(1024));
    const err = await failure(send(url, 'a'.repeat(1025)));
    expect([err.Code, err.message]).toEqual(['InvalidParameterValue', 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.']);
  });

  awsOnly('moto only counts the body')('counts attribute names, types and values against MaximumMessageSize', async () => {
    const url = await queue({ MaximumMessageSize: '1024' });
    const err = await failure(send(url, 'a'.repeat(1000), { MessageAttributes: { attr: S('x'.repeat(20)) } }));
    expect(err.Code).toBe('InvalidParameterValue');
  });

  awsOnly('moto accepts any character')('refuses characters outside the allowed set', async () => {
    const url = await queue();
    const bad = await failure(send(url, 'bell\u0007'));
    expect(bad.name).toBe('InvalidMessageContents');
    expect((await send(url, 'tab\tnewline\ncr\r ok')).MD5OfMessageBody).toBe(md5('tab\tnewline\ncr\r ok'));
  });

  awsOnly('moto accepts an empty body')('refuses an empty body with MissingParameter', async () => {
    const url = await queue();
    const empty = await failure(send(url, ''));
    expect([empty.Code, empty.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageBody.']);
  });

  awsOnly('moto accepts these attributes')('refuses invalid message attributes', async () => {
    const url = await queue();
    const empty = await failure(send(url, 'x', { MessageAttributes: { ErrorDetails: S('') } }));
    expect([empty.Code, empty.message]).toEqual(['InvalidParameterValue', "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'."]);
    const invalid: Array<Record<string, MessageAttributeValue>> = [{ 'AWS.reserved': S('v') }, { 'bad!': S('v') }, { n: { DataType: 'Number', StringValue: 'abc' } }, { t: { DataType: 'Text', StringValue: 'v' } }];
    for (const attrs of invalid) {
      expect((await failure(send(url, 'x', { MessageAttributes: attrs }))).Code).toBe('InvalidParameterValue');
    }
  });
});

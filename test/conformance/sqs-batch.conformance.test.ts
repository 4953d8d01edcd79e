import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { describeSqs, failure } from '../helpers/sqs';

describeSqs('SQS batches and receipt handles', (target, awsOnly) => {
  const queue = async (Attributes?: Record<string, string>) => (await target().sqs.send(new CreateQueueCommand({ QueueName: target().unique('batch'), Attributes }))).QueueUrl as string;
  const receiveAll = async (QueueUrl: string, expected: number): Promise<Message[]> => {
    const got: Message[] = [];
    for (let i = 0; i < 20 && got.length < expected; i++) got.push(...((await target().sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }))).Messages ?? []));
    return got;
  };
  const visible = async (QueueUrl: string) =>
    Number((await target().sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages);

  it('sends a batch; each entry has its own id, MD5 and outcome', async () => {
    const url = await queue();
    const out = await target().sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'one' }, { Id: 'b-2', MessageBody: 'two', DelaySeconds: 0 }, { Id: 'c_3', MessageBody: 'three' }] }),
    );
    expect(out.Successful?.map((s) => [s.Id, s.MD5OfMessageBody])).toEqual([
      ['a', 'f97c5d29941bfb1b2fdab0874906ab82'],
      ['b-2', 'b8a9f715dbb64fd5c56e7783c6820a61'],
      ['c_3', '35d6d33467aae9a2e3dccb4b6b027878'],
    ]);
    expect(out.Failed ?? []).toEqual([]);
    expect((await receiveAll(url, 3)).map((m) => m.Body).sort()).toEqual(['one', 'three', 'two']);
  });

  awsOnly('moto accepts any character')('reports a bad entry in Failed and still sends the others', async () => {
    const url = await queue();
    const out = await target().sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'ok', MessageBody: 'fine' }, { Id: 'bad', MessageBody: '\u0001' }] }));
    expect(out.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(out.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'InvalidMessageContents', SenderFault: true })]);
  });

  it('refuses a whole batch for empty, too many, repeated or malformed entry ids', async () => {
    const url = await queue();
    const batch = (Entries: Array<{ Id: string; MessageBody: string }>) => failure(target().sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries })));
    expect((await batch([])).name).toBe('EmptyBatchRequest');
    expect((await batch(Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' })))).name).toBe('TooManyEntriesInBatchRequest');
    expect((await batch([{ Id: 'same', MessageBody: 'x' }, { Id: 'same', MessageBody: 'y' }])).name).toBe('BatchEntryIdsNotDistinct');
    expect((await batch([{ Id: 'not valid!', MessageBody: 'x' }])).name).toBe('InvalidBatchEntryId');
    expect((await batch([{ Id: 'x'.repeat(81), MessageBody: 'x' }])).name).toBe('InvalidBatchEntryId');
    expect(await visible(url)).toBe(0);
  });

  it('refuses a batch over 1 MiB in total', async () => {
    const url = await queue();
    const Entries = [0, 1, 2, 3, 4].map((i) => ({ Id: `e${i}`, MessageBody: 'x'.repeat(250_000) }));
    const err = await failure(target().sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries })));
    expect([err.name, err.message]).toEqual(['BatchRequestTooLong', 'Batch requests cannot be longer than 1048576 bytes. You have sent 1250000 bytes.']);
  });

  it('deletes and changes visibility in batches, failing only the bad handles', async () => {
    const url = await queue();
    await target().sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [1, 2, 3, 4].map((i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
    const messages = await receiveAll(url, 4);
    expect(messages).toHaveLength(4);
    const [m1, m2, m3, m4] = messages as [Message, Message, Message, Message];
    const deleted = await target().sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'd1', ReceiptHandle: m1.ReceiptHandle }, { Id: 'd2', ReceiptHandle: m2.ReceiptHandle }, { Id: 'bad', ReceiptHandle: 'garbage' }] }),
    );
    expect(deleted.Successful?.map((s) => s.Id).sort()).toEqual(['d1', 'd2']);
    expect(deleted.Failed?.map((f) => [f.Id, f.Code, f.SenderFault])).toEqual([['bad', 'ReceiptHandleIsInvalid', true]]);
    const changed = await target().sqs.send(
      new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: [{ Id: 'c3', ReceiptHandle: m3.ReceiptHandle, VisibilityTimeout: 0 }, { Id: 'c4', ReceiptHandle: m4.ReceiptHandle, VisibilityTimeout: 0 }] }),
    );
    expect(changed.Successful?.map((s) => s.Id).sort()).toEqual(['c3', 'c4']);
    expect((await receiveAll(url, 2)).map((m) => m.Body).sort()).toEqual(['b3', 'b4']);
  });

  it('refuses a malformed receipt handle with ReceiptHandleIsInvalid', async () => {
    const url = await queue();
    const err = await failure(target().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })));
    expect(err.name).toBe('ReceiptHandleIsInvalid');
  });

  awsOnly('moto words it differently and answers 400')('words ReceiptHandleIsInvalid as AWS does, with HTTP 404', async () => {
    const err = await failure(target().sqs.send(new DeleteMessageCommand({ QueueUrl: await queue(), ReceiptHandle: 'garbage' })));
    expect([err.message, err.$metadata.httpStatusCode]).toEqual(['The input receipt handle "garbage" is not a valid receipt handle.', 404]);
  });

  it('deletes idempotently: the same handle twice succeeds', async () => {
    const url = await queue();
    await target().sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'once' }));
    const [message] = await receiveAll(url, 1);
    await target().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }));
    await target().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }));
    expect(await visible(url)).toBe(0);
  });

  // Validated against AWS (LocalStack's test_remove_message_with_old_receipt_handle): on a standard
  // queue, a handle whose visibility has ended still deletes the message.
  it('deletes with an older handle of a standard-queue message', async () => {
    const url = await queue();
    await target().sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'stale' }));
    const [first] = await receiveAll(url, 1);
    await target().sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle, VisibilityTimeout: 0 }));
    const [second] = await receiveAll(url, 1);
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    await target().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }));
    await target().sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle, VisibilityTimeout: 0 })).catch(() => undefined);
    expect(await receiveAll(url, 1)).toEqual([]);
  });

  awsOnly('moto answers ReceiptHandleIsInvalid')('refuses to change the visibility of a deleted message with InvalidParameterValue', async () => {
    const url = await queue();
    await target().sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'gone' }));
    const [message] = await receiveAll(url, 1);
    await target().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }));
    const err = await failure(target().sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 10 })));
    expect([err.Code, err.message]).toEqual(['InvalidParameterValue', `Value ${message?.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`]);
  });
});

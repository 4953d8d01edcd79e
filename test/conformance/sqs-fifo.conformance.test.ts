import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { describeSqs, failure } from '../helpers/sqs';

describeSqs('SQS FIFO queues', (target, awsOnly) => {
  const fifo = async (Attributes: Record<string, string> = {}) =>
    (await target().sqs.send(new CreateQueueCommand({ QueueName: target().unique('fifo', true), Attributes: { FifoQueue: 'true', ...Attributes } }))).QueueUrl as string;
  const send = (QueueUrl: string, MessageBody: string, MessageGroupId: string | undefined, MessageDeduplicationId?: string) =>
    target().sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, MessageGroupId, MessageDeduplicationId }));
  const receive = async (QueueUrl: string, MaxNumberOfMessages = 10, VisibilityTimeout = 60): Promise<Message[]> =>
    (await target().sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages, VisibilityTimeout, MessageSystemAttributeNames: ['All'] }))).Messages ?? [];
  const remove = (QueueUrl: string, m: Message | undefined) => target().sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m?.ReceiptHandle }));

  it('reports FifoQueue and its FIFO attributes', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    const { Attributes } = await target().sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({ FifoQueue: 'true', ContentBasedDeduplication: 'true' });
  });

  it('keeps order within a group and gives each message a 20-digit sequence number', async () => {
    const url = await fifo();
    const sequences: string[] = [];
    for (let i = 1; i <= 5; i++) sequences.push((await send(url, `m${i}`, 'g', `d${i}`)).SequenceNumber as string);
    for (const s of sequences) expect(s).toMatch(/^\d{20}$/);
    expect(new Set(sequences).size).toBe(5);
    const messages = await receive(url);
    expect(messages.map((m) => m.Body)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(messages.map((m) => m.Attributes?.SequenceNumber)).toEqual(sequences);
    expect(messages[0]?.Attributes).toMatchObject({ MessageGroupId: 'g', MessageDeduplicationId: 'd1' });
  });

  // SendMessage reference: "SequenceNumber continues to increase for a particular MessageGroupId".
  awsOnly('moto draws random sequence numbers')('increases sequence numbers within a group', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    const sequences: bigint[] = [];
    for (let i = 1; i <= 5; i++) sequences.push(BigInt((await send(url, `s${i}`, 'g')).SequenceNumber as string));
    expect(sequences.every((s, i) => i === 0 || s > (sequences[i - 1] as bigint))).toBe(true);
  });

  it('holds back a group while one of its messages is in flight, not the other groups', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    await send(url, 'a1', 'A');
    await send(url, 'a2', 'A');
    await send(url, 'b1', 'B');
    const [first] = await receive(url, 1);
    expect(first?.Body).toBe('a1');
    expect((await receive(url)).map((m) => m.Body)).toEqual(['b1']);
    expect(await receive(url)).toEqual([]);
    await remove(url, first);
    expect((await receive(url)).map((m) => m.Body)).toEqual(['a2']);
  });

  it('redelivers in order when a visibility ends', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    for (const body of ['x1', 'x2', 'x3']) await send(url, body, 'X');
    const batch = await receive(url, 2);
    expect(batch.map((m) => m.Body)).toEqual(['x1', 'x2']);
    for (const m of batch) await target().sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
    const again = await receive(url);
    expect(again.map((m) => m.Body)).toEqual(['x1', 'x2', 'x3']);
    expect(again.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['2', '2', '1']);
  });

  it('deduplicates by MessageDeduplicationId: the duplicate is acknowledged and not delivered', async () => {
    const url = await fifo();
    await send(url, 'one', 'g', 'same');
    expect((await send(url, 'two', 'g', 'same')).MessageId).toEqual(expect.any(String));
    expect((await receive(url)).map((m) => m.Body)).toEqual(['one']);
  });

  it('deduplicates by content (SHA-256 of the body) with ContentBasedDeduplication', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    await send(url, 'same body', 'g');
    await send(url, 'same body', 'g');
    await send(url, 'other body', 'g');
    const messages = await receive(url);
    expect(messages.map((m) => m.Body)).toEqual(['same body', 'other body']);
    expect(messages[0]?.Attributes?.MessageDeduplicationId).toBe(createHash('sha256').update('same body').digest('hex'));
  });

  it('requires MessageGroupId, and a deduplication id without ContentBasedDeduplication', async () => {
    const url = await fifo();
    const noGroup = await failure(send(url, 'x', undefined, 'd'));
    expect([noGroup.Code, noGroup.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageGroupId.']);
    const noDedup = await failure(send(url, 'x', 'g'));
    expect([noDedup.Code, noDedup.message]).toEqual(['InvalidParameterValue', 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly']);
  });

  it('refuses a per-message DelaySeconds on a FIFO queue', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    const err = await failure(target().sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 2 })));
    expect([err.Code, err.message]).toEqual(['InvalidParameterValue', 'Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.']);
  });

  awsOnly('moto accepts any group id')('refuses group and deduplication ids outside 1-128 punctuation and alphanumerics', async () => {
    const url = await fifo();
    const err = await failure(send(url, 'x', 'group 123', 'd'));
    expect(err.message).toBe('Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
    expect((await failure(send(url, 'x', 'g', 'a'.repeat(129)))).Code).toBe('InvalidParameterValue');
  });

  // Validated against AWS (LocalStack's test_send_batch_missing_message_group_id_for_fifo_queue).
  awsOnly('moto answers MissingParameter')('refuses a FIFO batch entry without a group id as a whole', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    const err = await failure(target().sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g' }, { Id: 'b', MessageBody: 'y' }] })));
    expect(err.Code).toBe('InvalidParameterValue');
  });

  awsOnly('moto answers InvalidAttributeName')('refuses turning a FIFO queue into a standard one', async () => {
    const url = await fifo();
    const err = await failure(target().sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: 'false' } })));
    expect([err.name, err.message]).toEqual(['InvalidAttributeValue', 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.']);
  });

  // Validated against AWS (LocalStack's test_fifo_delete_message_with_expired_receipt_handle).
  awsOnly('moto deletes with an expired handle')('refuses to delete with a handle whose visibility has ended', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    await send(url, 'exp', 'g');
    const [message] = await receive(url, 1);
    await target().sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 }));
    const err = await failure(remove(url, message));
    expect([err.Code, err.message]).toEqual(['InvalidParameterValue', `Value ${message?.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`]);
  });

  awsOnly('moto ignores ReceiveRequestAttemptId')('answers a retried receive (same ReceiveRequestAttemptId) with the same messages and handles', async () => {
    const url = await fifo({ ContentBasedDeduplication: 'true' });
    await send(url, 'r1', 'g');
    await send(url, 'r2', 'g');
    const attempt = (id: string) => target().sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1, ReceiveRequestAttemptId: id }));
    const first = await attempt('attempt-1');
    const retry = await attempt('attempt-1');
    expect(retry.Messages?.map((m) => [m.Body, m.ReceiptHandle])).toEqual(first.Messages?.map((m) => [m.Body, m.ReceiptHandle]));
    expect((await attempt('attempt-2')).Messages ?? []).toEqual([]);
  });
});

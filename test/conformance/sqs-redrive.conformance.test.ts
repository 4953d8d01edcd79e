import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { describeSqs, failure } from '../helpers/sqs';

describeSqs('SQS dead-letter queues and redrive', (target, awsOnly) => {
  const create = async (prefix: string, Attributes?: Record<string, string>) => {
    const url = (await target().sqs.send(new CreateQueueCommand({ QueueName: target().unique(prefix), Attributes }))).QueueUrl as string;
    const arn = (await target().sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
    return { url, arn };
  };
  const receive = async (QueueUrl: string, VisibilityTimeout = 0): Promise<Message[]> =>
    (await target().sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }))).Messages ?? [];
  /** A source queue whose messages go to a fresh dead-letter queue after `max` receives. */
  const pair = async (max: number) => {
    const dlq = await create('dlq');
    const source = await create('src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: max }) });
    return { dlq, source };
  };

  it('moves a message to the dead-letter queue on the receive after maxReceiveCount', async () => {
    const { dlq, source } = await pair(2);
    const { MessageId } = await target().sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'poison' }));
    expect((await receive(source.url)).map((m) => m.MessageId)).toEqual([MessageId]);
    expect((await receive(source.url)).map((m) => m.MessageId)).toEqual([MessageId]);
    expect(await receive(source.url)).toEqual([]);
    const [dead] = await receive(dlq.url, 60);
    expect([dead?.MessageId, dead?.Body]).toEqual([MessageId, 'poison']);
  });

  awsOnly('moto does not set DeadLetterQueueSourceArn')('marks a dead-lettered message with its source queue', async () => {
    const { dlq, source } = await pair(1);
    await target().sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'once' }));
    await receive(source.url);
    await receive(source.url);
    const [dead] = await receive(dlq.url, 60);
    expect(dead?.Attributes?.DeadLetterQueueSourceArn).toBe(source.arn);
  });

  awsOnly('moto accepts a dead-letter queue that does not exist')('refuses a RedrivePolicy whose dead-letter queue does not exist', async () => {
    const source = await create('src-nodlq');
    const policy = JSON.stringify({ deadLetterTargetArn: `${source.arn}-missing`, maxReceiveCount: 3 });
    const err = await failure(target().sqs.send(new SetQueueAttributesCommand({ QueueUrl: source.url, Attributes: { RedrivePolicy: policy } })));
    expect(err.Code).toBe('InvalidParameterValue');
  });

  // Dead-letter queue guide: the dead-letter queue of a FIFO queue must be a FIFO queue, of a standard queue a standard one.
  awsOnly('moto accepts a standard dead-letter queue for a FIFO queue')('refuses a dead-letter queue of the other type', async () => {
    const dlq = await create('std-dlq');
    const url = (await target().sqs.send(new CreateQueueCommand({ QueueName: target().unique('fifo-src', true), Attributes: { FifoQueue: 'true' } }))).QueueUrl as string;
    const err = await failure(target().sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }) } })));
    expect(err.Code).toBe('InvalidParameterValue');
  });

  awsOnly('moto does not enforce RedriveAllowPolicy')('refuses a source that the dead-letter queue\'s RedriveAllowPolicy denies', async () => {
    const dlq = await create('closed-dlq', { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'denyAll' }) });
    const source = await create('src-denied');
    const err = await failure(target().sqs.send(new SetQueueAttributesCommand({ QueueUrl: source.url, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }) } })));
    expect(err.Code).toBe('InvalidParameterValue');
  });

  awsOnly('moto has no message move tasks')('redrives dead letters back to their source queue with a move task', async () => {
    const { dlq, source } = await pair(1);
    const { MessageId } = await target().sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'again' }));
    await receive(source.url);
    await receive(source.url);
    const { TaskHandle } = await target().sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    expect(JSON.parse(Buffer.from(TaskHandle as string, 'base64').toString('utf8'))).toMatchObject({ sourceArn: dlq.arn, taskId: expect.any(String) });
    let status = 'RUNNING';
    for (let i = 0; i < 50 && status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const { Results } = await target().sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }));
      status = Results?.[0]?.Status as string;
      if (status === 'COMPLETED') expect(Results?.[0]).toMatchObject({ SourceArn: dlq.arn, ApproximateNumberOfMessagesMoved: 1, ApproximateNumberOfMessagesToMove: 1 });
    }
    expect(status).toBe('COMPLETED');
    const [back] = await receive(source.url, 60);
    expect([back?.MessageId, back?.Body]).toEqual([MessageId, 'again']);
  });

  awsOnly('moto has no message move tasks')('refuses move tasks from a queue that is no dead-letter queue, and unknown handles', async () => {
    const plain = await create('plain');
    const notDlq = await failure(target().sqs.send(new StartMessageMoveTaskCommand({ SourceArn: plain.arn })));
    expect([notDlq.Code, notDlq.message]).toEqual(['InvalidParameterValue', 'Source queue must be configured as a Dead Letter Queue.']);
    const missing = await failure(target().sqs.send(new ListMessageMoveTasksCommand({ SourceArn: `${plain.arn}-missing` })));
    expect(missing.name).toBe('ResourceNotFoundException');
    const badHandle = await failure(target().sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: 'not-a-handle' })));
    expect([badHandle.Code, badHandle.message]).toEqual(['InvalidParameterValue', 'Value for parameter TaskHandle is invalid.']);
  });
});

import { ValidationError } from '../../src/errors';
import { createQueueAttributes, createQueueName, parseQueueAttributes, queueNameFromRef } from '../../src/lib/sqs-queue';
import type { CreateQueueInput } from '../../src/types/queue.input';

describe('queue names', () => {
  it('appends .fifo to a FIFO name and refuses .fifo on a standard one', () => {
    expect(createQueueName({ name: 'jobs', fifo: true })).toBe('jobs.fifo');
    expect(createQueueName({ name: 'jobs.fifo', fifo: true })).toBe('jobs.fifo');
    expect(createQueueName({ name: 'jobs', fifo: null })).toBe('jobs');
    expect(() => createQueueName({ name: 'jobs.fifo', fifo: false })).toThrow(ValidationError);
    expect(() => createQueueName({ name: 'x'.repeat(76), fifo: true })).toThrow('longer than 80');
  });

  it('reads a name from a name, a URL or an ARN', () => {
    expect(queueNameFromRef('orders', 'queue')).toBe('orders');
    expect(queueNameFromRef('https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo', 'queue')).toBe('jobs.fifo');
    expect(queueNameFromRef('arn:aws:sqs:us-east-1:000000000000:orders', 'queue')).toBe('orders');
    expect(() => queueNameFromRef('arn:aws:sns:us-east-1:000000000000:orders', 'queue')).toThrow(ValidationError);
  });
});

describe('createQueueAttributes', () => {
  it('sends every setting with its default, FIFO settings only for FIFO, and the redrive policy', () => {
    const input = { name: 'q', fifo: true, contentBasedDeduplication: false, deadLetter: { queue: 'dlq.fifo', maxReceiveCount: 5 } } as CreateQueueInput;
    expect(createQueueAttributes(input, 'arn:aws:sqs:us-east-1:000000000000:dlq.fifo')).toEqual({
      VisibilityTimeout: '30',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq.fifo","maxReceiveCount":5}',
    });
    expect(createQueueAttributes({ name: 'q', visibilityTimeout: 5 } as CreateQueueInput)).toEqual({ VisibilityTimeout: '5', MessageRetentionPeriod: '345600', DelaySeconds: '0', ReceiveMessageWaitTimeSeconds: '0' });
  });
});

describe('parseQueueAttributes', () => {
  it('reads AWS strings, the redrive policy and the creation time', () => {
    const parsed = parseQueueAttributes({
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q.fifo',
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      VisibilityTimeout: '45',
      MessageRetentionPeriod: '60',
      DelaySeconds: '1',
      ReceiveMessageWaitTimeSeconds: '20',
      MaximumMessageSize: '262144',
      ApproximateNumberOfMessages: '7',
      ApproximateNumberOfMessagesNotVisible: '2',
      ApproximateNumberOfMessagesDelayed: '1',
      RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d.fifo","maxReceiveCount":"4"}',
      CreatedTimestamp: '1700000000',
    });
    expect(parsed).toEqual({
      arn: 'arn:aws:sqs:us-east-1:000000000000:q.fifo',
      fifo: true,
      attributes: {
        visibilityTimeout: 45,
        messageRetentionPeriod: 60,
        delaySeconds: 1,
        receiveMessageWaitTimeSeconds: 20,
        maximumMessageSize: 262144,
        approximateNumberOfMessages: 7,
        approximateNumberOfMessagesNotVisible: 2,
        approximateNumberOfMessagesDelayed: 1,
        contentBasedDeduplication: true,
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:d.fifo',
        maxReceiveCount: 4,
        createdAt: new Date('2023-11-14T22:13:20.000Z'),
      },
    });
    expect(parseQueueAttributes({ QueueArn: 'a' }).attributes).toMatchObject({ contentBasedDeduplication: null, deadLetterTargetArn: null, maxReceiveCount: null, createdAt: null });
  });
});

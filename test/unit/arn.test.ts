import { functionArn, parseArn, parseQueueUrl, queueArn, queueNameOf, topicNameOf } from '../../src/lib/arn';

describe('ARNs and queue URLs', () => {
  it('parses and builds ARNs', () => {
    expect(parseArn('arn:aws:sqs:us-east-1:000000000000:jobs.fifo')).toEqual({ partition: 'aws', service: 'sqs', region: 'us-east-1', accountId: '000000000000', resource: 'jobs.fifo' });
    expect(parseArn('jobs')).toBeUndefined();
    expect(queueArn('eu-west-1', '123456789012', 'q')).toBe('arn:aws:sqs:eu-west-1:123456789012:q');
    expect(functionArn('us-east-1', '000000000000', 'echo')).toBe('arn:aws:lambda:us-east-1:000000000000:function:echo');
  });

  it('parses AWS and local queue URLs', () => {
    expect(parseQueueUrl('https://sqs.us-east-1.amazonaws.com/123456789012/orders')).toEqual({ accountId: '123456789012', name: 'orders' });
    expect(parseQueueUrl('http://127.0.0.1:4566/000000000000/jobs.fifo')).toEqual({ accountId: '000000000000', name: 'jobs.fifo' });
    expect(parseQueueUrl('http://127.0.0.1:4566/not/a/queue/url')).toBeUndefined();
    expect(parseQueueUrl('orders')).toBeUndefined();
  });

  it('names a queue or topic from any of its references', () => {
    expect(queueNameOf('orders')).toBe('orders');
    expect(queueNameOf('http://localhost:4566/000000000000/orders')).toBe('orders');
    expect(queueNameOf('arn:aws:sqs:us-east-1:000000000000:orders')).toBe('orders');
    expect(topicNameOf('arn:aws:sns:us-east-1:000000000000:events')).toBe('events');
    expect(topicNameOf('events')).toBe('events');
  });
});

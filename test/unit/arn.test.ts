import { checkRegion, functionArn, parseArn, parseQueueUrl, queueAccountOf, queueArn, queueNameOf, topicNameOf } from '../../src/lib/arn';

describe('ARNs and queue URLs', () => {
  it('parses and builds ARNs', () => {
    expect(parseArn('arn:aws:sqs:us-east-1:000000000000:jobs.fifo')).toEqual({ partition: 'aws', service: 'sqs', region: 'us-east-1', accountId: '000000000000', resource: 'jobs.fifo' });
    expect(parseArn('jobs')).toBeUndefined();
    expect(queueArn('eu-west-1', '123456789012', 'q')).toBe('arn:aws:sqs:eu-west-1:123456789012:q');
    expect(functionArn('us-east-1', '000000000000', 'echo')).toBe('arn:aws:lambda:us-east-1:000000000000:function:echo');
  });

  it('parses AWS and local queue URLs', () => {
    expect(parseQueueUrl('https://sqs.us-east-1.amazonaws.com/123456789012/orders')).toEqual({ accountId: '123456789012', name: 'orders', region: 'us-east-1' });
    expect(parseQueueUrl('https://eu-west-1.queue.amazonaws.com/123456789012/orders')).toEqual({ accountId: '123456789012', name: 'orders', region: 'eu-west-1' });
    expect(parseQueueUrl('https://queue.amazonaws.com/123456789012/orders')).toEqual({ accountId: '123456789012', name: 'orders', region: 'us-east-1' });
    expect(parseQueueUrl('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/orders')).toEqual({ accountId: '123456789012', name: 'orders', region: 'cn-north-1' });
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

  it('reads the account a queue reference names, if any', () => {
    expect(queueAccountOf('orders')).toBeUndefined();
    expect(queueAccountOf('arn:aws:sqs:us-east-1:111111111111:orders')).toBe('111111111111');
    expect(queueAccountOf('http://127.0.0.1:4566/000000000000/orders')).toBe('000000000000');
    expect(queueAccountOf('arn:aws:sns:us-east-1:111111111111:orders')).toBeUndefined();
  });

  it('refuses references to another region, naming both', () => {
    expect(() => checkRegion('arn:aws:sqs:us-east-1:1:q', 'queue', 'us-east-1', 'queue')).not.toThrow();
    expect(() => checkRegion('http://127.0.0.1:4566/000000000000/q', 'queue', 'us-east-1', 'queue')).not.toThrow();
    expect(() => checkRegion('q', 'queue', 'us-east-1', 'queue')).not.toThrow();
    expect(() => checkRegion('https://sqs.eu-west-1.amazonaws.com/000000000000/q', 'queue', 'us-east-1', 'queue')).toThrow('queue is a queue in eu-west-1; this API works in us-east-1 (AWS_REGION)');
    expect(() => checkRegion('arn:aws:sns:ap-south-1:000000000000:t', 'topic', 'us-east-1', 'topic')).toThrow('topic is a topic in ap-south-1; this API works in us-east-1 (AWS_REGION)');
  });
});

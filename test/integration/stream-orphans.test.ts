import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, TagQueueCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { createLogger } from '../../src/logger';
import { SqsPubSub } from '../../src/subscriptions/sqs-pubsub';
import { BROADCAST_PREFIX, HEARTBEAT_TAG, ORPHAN_AFTER_MS, SUBSCRIPTION_TAG, broadcastQueueName, removeOrphans } from '../../src/subscriptions/orphans';
import { localAwsPerSuite } from '../helpers/local-aws';

describe('orphaned broadcast queues', () => {
  const aws = localAwsPerSuite();

  async function broadcastQueue(instance: string, topicArn: string, heartbeat: number): Promise<string> {
    const name = broadcastQueueName(instance, topicArn);
    const { QueueUrl } = await aws.clients.sqs.send(new CreateQueueCommand({ QueueName: name, tags: { [HEARTBEAT_TAG]: String(heartbeat) } }));
    const { Attributes } = await aws.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    const sub = await aws.clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn!, ReturnSubscriptionArn: true }));
    await aws.clients.sqs.send(new TagQueueCommand({ QueueUrl, Tags: { [SUBSCRIPTION_TAG]: sub.SubscriptionArn! } }));
    return name;
  }

  it('names queues so they can be listed, within SQS length limits', () => {
    const name = broadcastQueueName('a1b2c3d4', `arn:aws:sns:us-east-1:000000000000:${'t'.repeat(200)}.fifo`);
    expect(name.startsWith(`${BROADCAST_PREFIX}a1b2c3d4-ttt`)).toBe(true);
    expect(name.length).toBe(75);
  });

  it('removes the queues and subscriptions of processes whose heartbeat stopped, and keeps live ones', async () => {
    const { TopicArn } = await aws.clients.sns.send(new CreateTopicCommand({ Name: 'orphan-topic' }));
    const now = Date.now();
    const dead = await broadcastQueue('dead0000', TopicArn!, now - ORPHAN_AFTER_MS - 1000);
    const alive = await broadcastQueue('live0000', TopicArn!, now - 1000);

    const removed = await removeOrphans(aws.clients.sqs, aws.clients.sns, createLogger('silent'), now);

    expect(removed).toEqual([dead]);
    const { QueueUrls = [] } = await aws.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }));
    expect(QueueUrls.map((u) => u.split('/').pop())).toEqual([alive]);
    const { Subscriptions = [] } = await aws.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(Subscriptions.map((s) => s.Endpoint?.split(':').pop())).toEqual([alive]);
  });

  it('keeps looking while the process lives: a queue that goes stale after its first look is removed at a later one', async () => {
    const { TopicArn } = await aws.clients.sns.send(new CreateTopicCommand({ Name: 'orphan-later' }));
    const pubsub = new SqsPubSub<unknown, string, unknown>({
      sqs: aws.clients.sqs,
      poller: aws.clients.sqsPoller,
      sns: aws.clients.sns,
      logger: createLogger('silent'),
      region: 'us-east-1',
      eventsTopic: 'orphan-later',
      resolveTopicArn: async () => TopicArn!,
      publishEvent: async () => undefined,
      mappers: { queueMessage: () => undefined, topicMessage: (e) => e.Message, event: () => undefined, eventType: () => '' },
      orphanCheckMs: 200,
    });
    const stream = pubsub.topicMessages({ topic: 'orphan-later' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      // A process that crashed after this one's first look: its heartbeat is stale only now.
      const crashed = await broadcastQueue('crash000', TopicArn!, Date.now() - ORPHAN_AFTER_MS - 1000);
      await new Promise((r) => setTimeout(r, 600));
      const { QueueUrls = [] } = await aws.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX }));
      expect(QueueUrls.map((u) => u.split('/').pop())).not.toContain(crashed);
      const { Subscriptions = [] } = await aws.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
      expect(Subscriptions.map((s) => s.Endpoint?.split(':').pop())).not.toContain(crashed);
    } finally {
      await stream.return();
      await pubsub.close();
    }
  });
});

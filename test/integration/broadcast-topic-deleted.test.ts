import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, DeleteTopicCommand, ListSubscriptionsByTopicCommand, PublishCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { NotFoundError } from '../../src/errors';
import type { SnsEnvelope } from '../../src/lib/sqs-message';
import { createLogger } from '../../src/logger';
import { BroadcastHub } from '../../src/subscriptions/broadcast';
import { DeliveryStream } from '../../src/subscriptions/delivery-stream';
import { BROADCAST_PREFIX } from '../../src/subscriptions/orphans';
import { localAwsPerSuite } from '../helpers/local-aws';

/**
 * A broadcast hub whose topic goes away. The hub is driven directly, with a heartbeat of 100 ms
 * instead of a minute, against the local AWS: nothing but the heartbeat finds out.
 */
/** The promise, or a rejection after 5 s (so a hub that never answers fails the test instead of hanging it). */
function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('nothing within 5 s')), 5000)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('a broadcast hub whose topic is deleted or whose subscription is removed', () => {
  const aws = localAwsPerSuite();
  const hubs: BroadcastHub[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.close()));
  });

  async function hubOn(name: string) {
    const { TopicArn } = await aws.clients.sns.send(new CreateTopicCommand({ Name: name }));
    let failed = 0;
    const hub = new BroadcastHub({ sqs: aws.clients.sqs, poller: aws.clients.sqsPoller, sns: aws.clients.sns, logger: createLogger('silent'), topicArn: TopicArn!, queueName: `${BROADCAST_PREFIX}test0000-${name}`, heartbeatMs: 100, onFailed: () => failed++ });
    hubs.push(hub);
    const stream = new DeliveryStream<string>(10);
    hub.add({ stream, map: (e: SnsEnvelope) => e.Message, accept: () => true });
    const publish = async (message: string) => {
      await aws.clients.sns.send(new PublishCommand({ TopicArn, Message: message }));
      return (await within(stream.next())).value;
    };
    await new Promise((r) => setTimeout(r, 300));
    return { stream, topicArn: TopicArn!, publish, failures: () => failed };
  }

  it('ends its subscribers with NOT_FOUND and deletes its queue when the topic is deleted', async () => {
    const { stream, topicArn, publish, failures } = await hubOn('hub-deleted');
    expect(await publish('before')).toBe('before');
    await aws.clients.sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
    await expect(within(stream.next())).rejects.toEqual(new NotFoundError(`Topic ${topicArn} was deleted`));
    expect(failures()).toBe(1);
    const { QueueUrls = [] } = await aws.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${BROADCAST_PREFIX}test0000-hub-deleted` }));
    expect(QueueUrls).toEqual([]);
  });

  it('subscribes its queue again when only its subscription was removed', async () => {
    const { topicArn, publish, failures } = await hubOn('hub-unsubscribed');
    expect(await publish('before')).toBe('before');
    const { Subscriptions = [] } = await aws.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    await aws.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: Subscriptions[0]!.SubscriptionArn }));
    await new Promise((r) => setTimeout(r, 400));
    expect(await publish('after')).toBe('after');
    expect(failures()).toBe(0);
  });
});

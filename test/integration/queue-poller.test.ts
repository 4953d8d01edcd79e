import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createLogger } from '../../src/logger';
import { DeliveryStream } from '../../src/subscriptions/delivery-stream';
import { QueuePoller } from '../../src/subscriptions/queue-poller';
import { localAwsPerSuite } from '../helpers/local-aws';

/** The poller against the local SQS, with a subscriber that never reads: the slowest possible client. */
describe('QueuePoller back-pressure', () => {
  const aws = localAwsPerSuite();

  async function counts(url: string) {
    const { Attributes = {} } = await aws.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
  }

  it('takes no more than a stalled subscriber can hold, keeps those hidden past their timeout, and gives them back when it leaves', async () => {
    const { QueueUrl: url } = await aws.clients.sqs.send(new CreateQueueCommand({ QueueName: 'poller-slow' }));
    for (let i = 0; i < 30; i += 10) {
      await aws.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: String(j), MessageBody: `m${i + j}` })) }));
    }
    let idle = false;
    const poller = new QueuePoller<string>({
      sqs: aws.clients.sqs,
      poller: aws.clients.sqsPoller,
      queueUrl: url!,
      queueName: 'poller-slow',
      visibilityTimeout: 2,
      waitTimeSeconds: 1,
      map: (m) => m.Body!,
      logger: createLogger('silent'),
      onIdle: () => (idle = true),
    });
    const stalled = new DeliveryStream<string>(5, { onClose: (s) => poller.remove(s) });
    poller.add(stalled, 'AUTO');

    await new Promise((r) => setTimeout(r, 500));
    expect(await counts(url!)).toEqual({ visible: 25, inFlight: 5 });
    // Twice the visibility timeout later, the five are still hidden: their visibility was extended.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await counts(url!)).toEqual({ visible: 25, inFlight: 5 });

    await stalled.return();
    await new Promise((r) => setTimeout(r, 300));
    expect(await counts(url!)).toEqual({ visible: 30, inFlight: 0 });
    expect(idle).toBe(true);
    await poller.close();
  });
});

import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { loadConfig } from '../../src/config';
import { findTopicArn, setupResources } from '../../src/setup';
import { startTestApp } from '../helpers/app';
import { motoAvailable, motoPerSuite } from '../helpers/moto';

/** AWS mode creates nothing: `npm run setup` creates the events topic, and a start without it names the fix. Runs on moto. */
const run = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn('events setup suite skipped: it needs moto_server for AWS mode');

run('the events topic in AWS mode (moto)', () => {
  const aws = motoPerSuite();
  const env = () => ({ MODE: 'AWS', AWS_ENDPOINT_URL: aws.moto.endpoint, EVENTS_TOPIC: 'shop-events' });

  it('is created by setup once, idempotently', async () => {
    const config = loadConfig(env());
    expect(await setupResources(aws.clients, config)).toContain('topic shop-events');
    expect(await setupResources(aws.clients, config)).toEqual([]);
    expect(await findTopicArn(aws.clients.sns, 'shop-events')).toBe('arn:aws:sns:us-east-1:123456789012:shop-events');
  });

  it('stops the start with the fix when it is missing', async () => {
    await aws.clients.sns.send(new DeleteTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:shop-events' }));
    await expect(startTestApp(env())).rejects.toThrow('SNS topic shop-events (EVENTS_TOPIC) does not exist in us-east-1; run `npm run setup` to create it');
    await setupResources(aws.clients, loadConfig(env()));
    const app = await startTestApp(env());
    await app.close();
  });
});

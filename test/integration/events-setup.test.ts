import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { loadConfig } from '../../src/config';
import { findTopicArn, setupResources } from '../../src/setup';
import { startTestApp } from '../helpers/app';
import { motoAvailable, startMoto, type Moto } from '../helpers/moto';

/** AWS mode creates nothing: `npm run setup` creates the events topic, and a start without it names the fix. Runs on moto. */
const run = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn('events setup suite skipped: it needs moto_server for AWS mode');

run('the events topic in AWS mode (moto)', () => {
  let moto: Moto;
  let clients: AwsClients;
  const env = () => ({ MODE: 'AWS', AWS_ENDPOINT_URL: moto.endpoint, EVENTS_TOPIC: 'shop-events' });

  beforeAll(async () => {
    moto = await startMoto();
    clients = buildClients({ region: 'us-east-1', endpoint: moto.endpoint, awsMaxAttempts: 1 });
  });
  afterAll(async () => {
    clients.destroy();
    await moto.stop();
  });

  it('is created by setup once, idempotently', async () => {
    const config = loadConfig(env());
    expect(await setupResources(clients, config)).toContain('topic shop-events');
    expect(await setupResources(clients, config)).toEqual([]);
    expect(await findTopicArn(clients.sns, 'shop-events')).toBe('arn:aws:sns:us-east-1:123456789012:shop-events');
  });

  it('stops the start with the fix when it is missing', async () => {
    await clients.sns.send(new DeleteTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:shop-events' }));
    await expect(startTestApp(env())).rejects.toThrow('SNS topic shop-events (EVENTS_TOPIC) does not exist in us-east-1; run `npm run setup` to create it');
    await setupResources(clients, loadConfig(env()));
    const app = await startTestApp(env());
    await app.close();
  });
});

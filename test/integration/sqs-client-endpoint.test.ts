import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { buildClients } from '../../src/aws/clients';

/**
 * With no AWS_ENDPOINT_URL (real AWS), the SQS SDK sends a request to the host of the QueueUrl it
 * is given unless told not to; a queue URL from a client could then point the server's signed
 * requests at any host. The clients send to the region's endpoint, whatever the URL's host.
 */
describe('the SQS clients and the host of a queue URL', () => {
  let server: Server;
  let requests = 0;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true' });
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('never sends to the host a queue URL names', async () => {
    const clients = buildClients({ region: 'us-east-1', endpoint: undefined, awsMaxAttempts: 1 });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/000000000000/orders`;
    try {
      for (const sqs of [clients.sqs, clients.sqsPoller]) {
        await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }), { abortSignal: AbortSignal.timeout(1500) }).catch(() => undefined);
      }
      expect(requests).toBe(0);
    } finally {
      clients.destroy();
    }
  });
});

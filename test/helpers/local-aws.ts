import { buildClients, type AwsClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';

/** The embedded local AWS (no API) and SDK clients on it, for the tests of one describe block. */
export interface SuiteAws {
  local: LocalAws;
  /** One attempt per call: a test sees AWS's answer, not the SDK's retries. */
  clients: AwsClients;
}

/** Starts the local AWS before the describe block's tests and closes it after them. Call it in the describe body. */
export function localAwsPerSuite(): SuiteAws {
  const aws = {} as SuiteAws;
  beforeAll(async () => {
    aws.local = await startLocalAws({ port: 0, region: 'us-east-1' });
    aws.clients = buildClients({ region: 'us-east-1', endpoint: aws.local.endpoint, awsMaxAttempts: 1 });
  });
  afterAll(async () => {
    aws.clients.destroy();
    await aws.local.close();
  });
  return aws;
}

import { SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { backendNames, startBackend, type Backend } from './backends';

/** One backend of an SQS conformance suite, with a client that makes one attempt per call. */
export interface SqsTarget {
  name: Backend['name'];
  endpoint: string;
  sqs: SQSClient;
  /** A queue name unique to this run (`.fifo` appended for FIFO queues). */
  unique(prefix: string, fifo?: boolean): string;
}

let counter = 0;

/**
 * Runs the same SQS suite against the embedded local AWS and, when installed, moto_server.
 * `body` registers tests with `it` and, for behaviour where moto departs from AWS's
 * documentation, with `awsOnly(reason)`: on moto those are skipped with the reason in their title
 * (SQS_CHECK_DEPARTURES=1 runs them there as well).
 */
export function describeSqs(title: string, body: (target: () => SqsTarget, awsOnly: (reason: string) => jest.It) => void): void {
  describe.each(backendNames())(`${title} on %s`, (name) => {
    let backend: Backend;
    let sqs: SQSClient;
    beforeAll(async () => {
      backend = await startBackend(name);
      sqs = new SQSClient({ region: 'us-east-1', endpoint: backend.endpoint, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    }, 30_000);
    afterAll(async () => {
      sqs.destroy();
      await backend.stop();
    });
    const target = (): SqsTarget => ({
      name,
      endpoint: backend.endpoint,
      sqs,
      unique: (prefix, fifo = false) => `${prefix}-${process.pid}-${++counter}${fifo ? '.fifo' : ''}`,
    });
    const awsOnly = (reason: string): jest.It => {
      // SQS_CHECK_DEPARTURES=1 runs these on moto too, to confirm that moto still departs.
      if (name === 'local' || process.env.SQS_CHECK_DEPARTURES === '1') return it;
      const skipped = ((title: string) => it.skip(`${title} [moto departs from AWS: ${reason}]`, () => undefined)) as unknown as jest.It;
      return skipped;
    };
    body(target, awsOnly);
  });
}

/** The error a call fails with (fails the test if it succeeds). */
export async function failure(call: Promise<unknown>): Promise<SQSServiceException & { Code?: string }> {
  try {
    await call;
  } catch (err) {
    return err as SQSServiceException & { Code?: string };
  }
  throw new Error('expected the call to fail');
}

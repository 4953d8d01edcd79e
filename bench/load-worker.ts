import { buildClients, type AwsClients } from '../src/aws/clients';
import { callLoop, type OpName } from './lib/aws-ops';
import { CLIENT_SETTINGS } from './lib/stack';

/**
 * A child of the bench that makes AWS calls when told to (over IPC), so that the SDK client's own
 * CPU is spread over processes and a fast backend is not held back by one client process.
 */
interface Job {
  op: OpName;
  endpoint: string;
  queueUrls: string[];
  seconds: number;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const clients = new Map<string, AwsClients>();

process.on('message', (job: Job) => {
  let c = clients.get(job.endpoint);
  if (!c) clients.set(job.endpoint, (c = buildClients({ ...CLIENT_SETTINGS, endpoint: job.endpoint })));
  callLoop(job.op, c, job.queueUrls, job.seconds).then(
    (done) => process.send?.({ done }),
    (err: unknown) => process.send?.({ error: (err as Error).message }),
  );
});
process.on('disconnect', () => {
  for (const c of clients.values()) c.destroy();
  process.exit(0);
});
process.send?.({ ready: true });

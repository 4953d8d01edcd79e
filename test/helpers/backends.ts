import { buildClients, type AwsClients } from '../../src/aws/clients';
import { startLocalAws, type LocalAws } from '../../src/local';
import { motoAvailable, startMoto } from './moto';

/** An AWS-compatible endpoint a conformance suite runs against. */
export interface Backend {
  name: 'local' | 'moto';
  endpoint: string;
  clients: AwsClients;
  /** The embedded local AWS, when this is it (for request counts). */
  localAws?: LocalAws;
  stop(): Promise<void>;
}

type BackendName = Backend['name'];

/** The backends to run a conformance suite on: always the embedded local AWS, moto when installed. */
export function backendNames(): BackendName[] {
  return motoAvailable() ? ['local', 'moto'] : ['local'];
}

/** Starts one backend on a free loopback port, with SDK clients pointed at it. */
export async function startBackend(name: BackendName): Promise<Backend> {
  if (name === 'local') {
    const localAws = await startLocalAws({ port: 0, region: 'us-east-1' });
    const clients = buildClients({ region: 'us-east-1', endpoint: localAws.endpoint, awsMaxAttempts: 1 });
    return { name, endpoint: localAws.endpoint, clients, localAws, stop: async () => (clients.destroy(), localAws.close()) };
  }
  const moto = await startMoto();
  const clients = buildClients({ region: 'us-east-1', endpoint: moto.endpoint, awsMaxAttempts: 1 });
  return { name, endpoint: moto.endpoint, clients, stop: async () => (clients.destroy(), moto.stop()) };
}

import { motoInstalled, startMoto, type MotoProc } from '../../bench/lib/moto';
import { buildClients, type AwsClients } from '../../src/aws/clients';

/** A moto_server started for one test file (the bench's starter: one moto starter for both). */
export type Moto = MotoProc;
export { startMoto };

/** Whether moto_server is installed; with REQUIRE_MOTO=1 its absence fails instead of skipping. */
export function motoAvailable(): boolean {
  const found = motoInstalled();
  if (!found && process.env.REQUIRE_MOTO === '1') throw new Error('REQUIRE_MOTO=1 but moto_server is not installed');
  if (!found) console.warn('moto_server is not installed: the moto conformance runs are skipped');
  return found;
}

/** Resets moto's state between tests. */
export async function resetMoto(moto: Moto): Promise<void> {
  await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
}

/** A moto_server and one-attempt SDK clients on it, for the tests of one describe block. */
export interface SuiteMoto {
  moto: Moto;
  clients: AwsClients;
}

/** Starts moto before the describe block's tests and stops it after them (as localAwsPerSuite does for the local AWS). Call it in the describe body. */
export function motoPerSuite(): SuiteMoto {
  const suite = {} as SuiteMoto;
  beforeAll(async () => {
    suite.moto = await startMoto();
    suite.clients = buildClients({ region: 'us-east-1', endpoint: suite.moto.endpoint, awsMaxAttempts: 1 });
  });
  afterAll(async () => {
    suite.clients.destroy();
    await suite.moto.stop();
  });
  return suite;
}

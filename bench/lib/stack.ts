import { buildClients, type AwsClients } from '../../src/aws/clients';
import { rssMb, startApiProc, startLocalAwsProc, type Proc } from './procs';

/** The local AWS and the API as two processes, plus SDK clients of the bench process with the API's settings. */
export interface Stack {
  local: Proc & { endpoint: string };
  api: Proc & { url: string };
  /** Built by the project's own buildClients against the local AWS: the same settings as the API's. */
  clients: AwsClients;
  /** RSS in MB of the API and of the local AWS. */
  rss(): { api: number; local: number };
  close(): Promise<void>;
}

/** The settings both the API and the bench process build their clients with. */
export const CLIENT_SETTINGS = { region: 'us-east-1', awsMaxAttempts: 3 };

/** Node options that make a process write a CPU profile `<name>.cpuprofile` into `profileDir` when it exits (none without a directory). */
export function profileArgs(profileDir: string | undefined, name: string): string[] {
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

/** Starts the local AWS, creates the API's resources, starts the API; `profileDir` runs both with --cpu-prof. */
export async function startStack(env: Record<string, string> = {}, profileDir?: string): Promise<Stack> {
  const local = await startLocalAwsProc({}, profileArgs(profileDir, 'local-aws'));
  try {
    const api = await startApiProc(local.endpoint, env, profileArgs(profileDir, 'api'));
    const clients = buildClients({ ...CLIENT_SETTINGS, endpoint: local.endpoint });
    return {
      local,
      api,
      clients,
      rss: () => ({ api: rssMb(api.child.pid!), local: rssMb(local.child.pid!) }),
      async close() {
        clients.destroy();
        await api.stop();
        await local.stop();
      },
    };
  } catch (err) {
    await local.stop();
    throw err;
  }
}

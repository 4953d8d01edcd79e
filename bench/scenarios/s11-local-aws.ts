import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { buildClients, type AwsClients } from '../../src/aws/clients';
import { zipFiles } from '../../src/local/lambda/code';
import { BENCH_FUNCTION, type OpName } from '../lib/aws-ops';
import { startLoadWorkers, type LoadWorkers } from '../lib/load-workers';
import { BENCH_ROLE, motoInstalled, prepareMotoLambda, startMoto, type MotoProc } from '../lib/moto';
import { cpuMs, rssMb, startLocalAwsProc } from '../lib/procs';
import type { ScenarioResult } from '../lib/report';
import { CLIENT_SETTINGS } from '../lib/stack';
import { alternateAll, median, round } from '../lib/stats';
import type { BenchContext } from './context';

/** Callers in all, spread over the load workers (two processes: the SDK client costs more CPU per call than the local AWS). */
const CALLERS = 8;
const WORKERS = 2;
const ECHO = zipFiles({ 'index.js': 'exports.handler = async (event) => ({ echoed: event });\n' });

/** Operations per second and the server's CPU ms per operation. */
async function perSecond(workers: LoadWorkers, op: OpName, endpoint: string, queueUrls: string[], seconds: number, pid: number): Promise<{ rate: number; cpu: number }> {
  const cpuBefore = cpuMs(pid);
  const done = await workers.run(op, endpoint, queueUrls, seconds);
  return { rate: done / seconds, cpu: (cpuMs(pid) - cpuBefore) / done };
}

/** The same queues and function on a backend, through clients with the API's settings. */
async function prepare(clients: AwsClients): Promise<string[]> {
  const urls = [];
  for (let w = 0; w < CALLERS; w++) urls.push((await clients.sqs.send(new CreateQueueCommand({ QueueName: `bench-rt-${w}` }))).QueueUrl as string);
  await clients.lambda.send(new CreateFunctionCommand({ FunctionName: BENCH_FUNCTION, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: BENCH_ROLE, Code: { ZipFile: ECHO } }));
  return urls;
}

/**
 * S11: the local AWS side by side with moto_server in the same run, both started fresh as
 * processes and driven by the same client processes with the same settings (the API's
 * buildClients): SQS send + receive + delete round trips, Invoke, and GetFunction.
 */
export async function s11LocalAws(ctx: BenchContext): Promise<ScenarioResult> {
  if (!motoInstalled()) throw new Error('moto_server is not installed (pip install "moto[server]")');
  const local = await startLocalAwsProc();
  let moto: MotoProc | undefined;
  let workers: LoadWorkers | undefined;
  const clients: AwsClients[] = [];
  try {
    moto = await startMoto();
    await prepareMotoLambda(moto.endpoint);
    const l = buildClients({ ...CLIENT_SETTINGS, endpoint: local.endpoint });
    const m = buildClients({ ...CLIENT_SETTINGS, endpoint: moto.endpoint });
    clients.push(l, m);
    const [lUrls, mUrls] = [await prepare(l), await prepare(m)];
    workers = await startLoadWorkers(WORKERS);
    const seconds = ctx.size(2, 0.5);
    const rounds = ctx.size(2, 1);
    /** Both backends alternating; the medians of rate and of the server's CPU per operation. */
    const compare = async (op: OpName) => {
      const cpu = { local: [] as number[], moto: [] as number[] };
      const side = (name: 'local' | 'moto', endpoint: string, urls: string[], pid: number) => async (warmUp: boolean) => {
        const r = await perSecond(workers!, op, endpoint, urls, warmUp ? ctx.size(0.5, 0.2) : seconds, pid);
        if (!warmUp) cpu[name].push(r.cpu);
        return r.rate;
      };
      const rate = await alternateAll(rounds, { local: side('local', local.endpoint, lUrls, local.child.pid!), moto: side('moto', moto!.endpoint, mUrls, moto!.pid) });
      return { rate: rate.median, cpu: { local: median(cpu.local), moto: median(cpu.moto) } };
    };
    const sqs = await compare('sqs');
    const inv = await compare('invoke');
    const get = await compare('getFunction');
    return {
      id: 'S11',
      title: 'Local AWS against moto_server',
      figures: {
        'SQS round trips/s local': round(sqs.rate.local, 0),
        'SQS round trips/s moto': round(sqs.rate.moto, 0),
        'SQS local / moto': round(sqs.rate.local / sqs.rate.moto, 1),
        'SQS server CPU ms per round trip local': round(sqs.cpu.local),
        'SQS server CPU ms per round trip moto': round(sqs.cpu.moto),
        'SQS server CPU moto / local': round(sqs.cpu.moto / sqs.cpu.local, 1),
        'Invoke/s local': round(inv.rate.local, 0),
        'Invoke/s moto (no Docker: not run)': round(inv.rate.moto, 0),
        'Invoke local / moto': round(inv.rate.local / inv.rate.moto, 1),
        'GetFunction/s local': round(get.rate.local, 0),
        'GetFunction/s moto': round(get.rate.moto, 0),
        'GetFunction local / moto': round(get.rate.local / get.rate.moto, 1),
        'GetFunction server CPU moto / local': round(get.cpu.moto / get.cpu.local, 1),
        'RSS MB local': round(rssMb(local.child.pid!), 0),
        'RSS MB moto': round(rssMb(moto.pid), 0),
      },
      goals: [
        { figure: 'SQS local / moto', op: '>=', target: 5 },
        { figure: 'SQS server CPU moto / local', op: '>=', target: 5 },
        { figure: 'GetFunction local / moto', op: '>=', target: 5 },
      ],
      notes: [
        `${CALLERS} callers in ${WORKERS} client processes for ${seconds} s per side and round; a round trip is SendMessage, ReceiveMessage (WaitTimeSeconds 0) and DeleteMessage on the caller's own queue.`,
        'Invoke is shown, not judged: without Docker moto does not run the function (it answers a fixed payload), while the local AWS runs the handler in a warm Node process; GetFunction stands in as the Lambda call both implement alike.',
        'Server CPU per operation is read from /proc for each server process; it measures the backend alone, where the rate also carries the cost of the SDK client (about three times what the local AWS spends per SQS call), so on 2 cores the client processes can be the limit.',
      ],
    };
  } finally {
    for (const c of clients) c.destroy();
    await workers?.stop();
    await moto?.stop();
    await local.stop();
  }
}

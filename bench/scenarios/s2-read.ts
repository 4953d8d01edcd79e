import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../../src/config';
import { graphql, load, sequentialLatencies, type LoadOptions } from '../lib/http';
import { cpuMs, startPlainServer } from '../lib/procs';
import type { ScenarioResult } from '../lib/report';
import { alternateAll, median, round } from '../lib/stats';
import type { BenchContext } from './context';

const USER_ID = 'bench-reader';
const BODY = JSON.stringify({ query: 'query($id: ID!) { user(userId: $id) { userId name email } }', variables: { id: USER_ID } });
const TABLE = loadConfig({}).tables.users;

/**
 * Each side's warm-up: the figures are those of a server that has run a while. The GraphQL server
 * has far more code for V8 to optimize; its CPU per request kept falling for about 5 s of load
 * (1,150 µs in the first 3 s, 790 µs from the seventh on), the plain handler's for about 3 s.
 */
const WARM_UP_SECONDS = (ctx: BenchContext): number => ctx.size(6, 0.3);

/** The SDK loop: `connections` callers each sending GetItem after GetItem for the duration. */
async function sdkLoad(doc: DynamoDBDocumentClient, { seconds, connections }: LoadOptions): Promise<{ rps: number }> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const caller = async () => {
    while (performance.now() < until) {
      await getUser(doc);
      done++;
    }
  };
  await Promise.all(Array.from({ length: connections }, caller));
  return { rps: done / seconds };
}

async function getUser(doc: DynamoDBDocumentClient): Promise<void> {
  const out = await doc.send(new GetCommand({ TableName: TABLE, Key: { user_id: USER_ID }, ConsistentRead: true }));
  if (!out.Item) throw new Error(`user ${USER_ID} is missing`);
}

async function sdkLatencies(doc: DynamoDBDocumentClient, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await getUser(doc);
    out.push(performance.now() - started);
  }
  return out;
}

/**
 * S2-S4: `user(userId)` through GraphQL (S2) against a plain node:http handler doing the same
 * GetItem with a client from the same buildClients (S3) and against the SDK called directly from
 * the bench process (S4). Throughput: autocannon, same connections and duration, alternating.
 * Latency: one request at a time on one kept-alive connection, so p50 is the cost of a request
 * and not queueing; measured with sub-millisecond resolution.
 */
export async function s2Read(ctx: BenchContext): Promise<ScenarioResult> {
  const { api, local, clients } = await ctx.stack();
  await graphql(api.url, 'mutation($id: ID!) { deleteUser(userId: $id) { userId } }', { id: USER_ID }).catch(() => undefined);
  await graphql(api.url, 'mutation($input: CreateUserInput!) { createUser(input: $input) { userId } }', { input: { userId: USER_ID, email: 'reader@bench.example', name: 'Bench Reader', age: 40 } });
  const plain = await startPlainServer(local.endpoint);
  try {
    const options = { seconds: ctx.size(2, 0.5), connections: 10 };
    const rounds = ctx.size(3, 1);
    let errors = 0;
    const cpu = { graphql: [] as number[], plain: [] as number[] };
    const rps = (side: 'graphql' | 'plain', url: string, pid: number) => async (warmUp: boolean) => {
      const before = cpuMs(pid);
      const r = await load(url, BODY, warmUp ? { ...options, seconds: WARM_UP_SECONDS(ctx) } : options);
      if (!warmUp) cpu[side].push(((cpuMs(pid) - before) * 1000) / (r.rps * options.seconds));
      errors += r.errors;
      return r.rps;
    };
    const throughput = await alternateAll(rounds, { graphql: rps('graphql', api.url, api.child.pid!), plain: rps('plain', plain.url, plain.child.pid!), sdk: async (warmUp) => (await sdkLoad(clients.doc, warmUp ? { ...options, seconds: WARM_UP_SECONDS(ctx) } : options)).rps });
    const count = ctx.size(300, 30);
    const p50 = (sample: () => Promise<number[]>) => async () => median(await sample());
    const latency = await alternateAll(ctx.size(3, 1), {
      graphql: p50(() => sequentialLatencies(api.url, BODY, count)),
      plain: p50(() => sequentialLatencies(plain.url, BODY, count)),
      sdk: p50(() => sdkLatencies(clients.doc, count)),
    });
    return {
      id: 'S2-S4',
      title: 'user(userId)',
      figures: {
        'GraphQL req/s': round(throughput.median.graphql, 0),
        'plain node:http req/s': round(throughput.median.plain, 0),
        'direct SDK loop req/s': round(throughput.median.sdk, 0),
        'GraphQL / plain': round(throughput.median.graphql / throughput.median.plain),
        'GraphQL server CPU µs/req': round(median(cpu.graphql), 0),
        'plain server CPU µs/req': round(median(cpu.plain), 0),
        'GraphQL p50 ms': round(latency.median.graphql),
        'plain p50 ms': round(latency.median.plain),
        'direct SDK p50 ms': round(latency.median.sdk),
        'p50 added ms': round(latency.median.graphql - latency.median.plain),
        errors,
      },
      goals: [
        { figure: 'GraphQL / plain', op: '>=', target: 0.85 },
        { figure: 'p50 added ms', op: '<=', target: 1 },
        { figure: 'errors', op: '==', target: 0 },
      ],
      notes: [
        `throughput: ${options.connections} connections for ${options.seconds} s per side and round after a ${WARM_UP_SECONDS(ctx)} s warm-up of each, servers with NODE_ENV=production; p50: ${count} requests one at a time per side and round; server CPU from /proc.`,
        'Each server is one Node process using a core: the ratio is that of their CPU per request. GraphQL adds Apollo Server, graphql-js and type-graphql (request pipeline, content negotiation, variable coercion, execution) to the same SDK call, which with the HTTP handling is most of the plain handler\'s cost.',
      ],
    };
  } finally {
    await plain.stop();
  }
}

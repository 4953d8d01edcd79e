import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

/** Settings shared by both sides of a throughput ratio, so they are measured alike. */
export interface LoadOptions {
  seconds: number;
  connections: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Requests per second and latency of a POST load with autocannon (latencies in whole ms). */
export async function load(url: string, body: string | undefined, { seconds, connections }: LoadOptions, headers: Record<string, string> = {}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: body === undefined ? 'GET' : 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections,
    duration: seconds,
  });
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One POST on a kept-alive connection; resolves with the status once the whole body is read. */
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Latencies in ms (sub-millisecond) of `count` POSTs one after another on one connection: the time a request costs with no queueing. */
export async function sequentialLatencies(url: string, body: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const status = await post(url, body);
    out.push(performance.now() - started);
    if (status !== 200) throw new Error(`POST ${url} answered ${status}`);
  }
  return out;
}

/** One GraphQL operation over HTTP; throws on errors. */
export async function graphql<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (json.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data as T;
}

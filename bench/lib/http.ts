import autocannon from 'autocannon';

/** Settings shared by both sides of a throughput ratio, so they are measured alike. */
export interface LoadOptions {
  seconds: number;
  connections: number;
}

/** Requests per second and latency of a POST load with autocannon. */
export async function load(url: string, body: string | undefined, { seconds, connections }: LoadOptions, headers: Record<string, string> = {}): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({
    url,
    method: body === undefined ? 'GET' : 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections,
    duration: seconds,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** One GraphQL operation over HTTP; throws on errors. */
export async function graphql<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (json.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data as T;
}

import 'reflect-metadata';
import { startApp, type App } from '../../src/app';
import type { AppDeps } from '../../src/context';
import { loadConfig } from '../../src/config';

/** Starts the whole API on free ports against a fresh in-memory embedded local AWS; `options` replaces what tests must control (how Lambda retries wait). */
export async function startTestApp(env: Record<string, string> = {}, options: Pick<AppDeps, 'lambdaWait'> = {}): Promise<App> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOCAL_AWS_PORT: '0', LOG_LEVEL: 'silent', SEED: 'false', MODE: 'LOCAL', ...env });
  return startApp(config, undefined, options);
}

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

/** Sends one GraphQL operation over HTTP, as a client would. */
export async function gql<T = Record<string, any>>(app: Pick<App, 'url'>, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export async function gqlData<T = Record<string, any>>(app: Pick<App, 'url'>, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(app, query, variables);
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** The codes of a response's errors. */
export function codesOf(res: GraphQLResponse): string[] {
  return (res.errors ?? []).map((e) => String(e.extensions?.code));
}

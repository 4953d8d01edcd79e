import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** ws://host:port/graphql for the API's http://host:port/graphql. */
export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** Opens one graphql-ws connection (no retries) and resolves once the server acknowledged it. */
export function connect(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client: Client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: (err) => reject(err instanceof Error ? err : new Error(`graphql-ws connection failed: ${describe(err)}`)),
      on: { connected: () => resolve(client) },
    });
  });
}

/** Opens `count` connections, `parallel` at a time. */
export async function connectMany(url: string, count: number, parallel = 50): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < count; i += parallel) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => connect(url)))));
  }
  return clients;
}

/** Subscribes; `onData` gets each result's data, `onError` any error (GraphQL or socket). Returns the unsubscribe. */
export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown>, onData: (data: T) => void, onError: (err: Error) => void): () => void {
  return client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) onError(new Error(`subscription errors: ${JSON.stringify(result.errors).slice(0, 300)}`));
        else if (result.data) onData(result.data as T);
      },
      error: (err) => onError(err instanceof Error ? err : new Error(describe(err))),
      complete: () => undefined,
    },
  );
}

/** Closes every connection. */
export async function disposeAll(clients: readonly Client[]): Promise<void> {
  await Promise.all(clients.map((c) => c.dispose()));
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) return `close ${String((err as { code: unknown }).code)} ${String((err as { reason?: unknown }).reason ?? '')}`;
  return JSON.stringify(err)?.slice(0, 300) ?? String(err);
}

/** Resolves when `done()` holds, polling every 5 ms; rejects after `ms`. */
export async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

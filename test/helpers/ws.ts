import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { App } from '../../src/app';
import { startTestApp } from './app';

/** One subscription over graphql-ws, collecting what the server sends. */
export interface Subscribed<T> {
  /** Payloads received so far (data, or the errors of an error message). */
  received: T[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `count` payloads have arrived in total (rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<T[]>;
  /** Resolves when the server completes or errors the operation. */
  done(ms?: number): Promise<void>;
  /** Completes the operation from the client side. */
  unsubscribe(): void;
}

/** A graphql-ws client on the app's /graphql, as Apollo Client or Sandbox would connect. */
export function wsClient(httpUrl: string): Client {
  // The socket closing (1001 at server shutdown) is expected in these tests; each subscription reports its own end.
  return createClient({ url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
}

/** A test app and one graphql-ws client on it, for the tests of one describe block. */
export interface AppWithWsClient {
  app: App;
  client: Client;
}

/** Starts a test app and a graphql-ws client before the describe block's tests, closes both after them. Call it in the describe body. */
export function appWithWsClient(): AppWithWsClient {
  const suite = {} as AppWithWsClient;
  beforeAll(async () => {
    suite.app = await startTestApp();
    suite.client = wsClient(suite.app.url);
  });
  afterAll(async () => {
    await suite.client.dispose();
    await suite.app.close();
  });
  return suite;
}

/**
 * Makes graphql-ws clients on the app's /graphql for the tests of one describe block, and
 * disposes every client it made after each test. Call it in the describe body.
 */
export function wsClientsPerTest(httpUrl: () => string): () => Client {
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  return () => {
    const c = wsClient(httpUrl());
    clients.push(c);
    return c;
  };
}

/** Subscribes and collects; `pick` turns a data payload into the value kept. */
export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown>, pick: (data: Record<string, any>) => T): Subscribed<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  let completed = false;
  const notify = () => waiters.splice(0).forEach((w) => w());
  const unsubscribe = client.subscribe<Record<string, any>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) received.push(pick(result.data));
        notify();
      },
      error: (err) => {
        errors.push(...(Array.isArray(err) ? err : [err]));
        completed = true;
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  const until = (ready: () => boolean, ms: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what} (have ${received.length}, errors ${JSON.stringify(errors)})`)), ms);
      const check = () => {
        if (ready()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return {
    received,
    errors,
    get completed() {
      return completed;
    },
    waitFor: (count, ms = 10_000) => until(() => received.length >= count, ms, `${count} payloads`).then(() => received),
    done: (ms = 10_000) => until(() => completed, ms, 'completion'),
    unsubscribe,
  };
}

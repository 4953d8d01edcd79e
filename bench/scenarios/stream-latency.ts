import { graphql } from '../lib/http';
import type { ScenarioResult } from '../lib/report';
import { percentile, round } from '../lib/stats';
import { connect, subscribe, until, wsUrl } from '../lib/ws';
import type { BenchContext } from './context';

export interface StreamRun {
  /** The API's http URL. */
  url: string;
  subscription: string;
  variables: Record<string, unknown>;
  /** The text the message carries (a message's body, a topic message's message), from one result. */
  text: (data: Record<string, any>) => string;
  /** Sends message number `seq` (its text is JSON with `seq`) through the API. */
  send: (seq: number) => Promise<unknown>;
  count: number;
  /** Pause between sends: messages go out at a steady rate, not in one burst. */
  intervalMs: number;
}

export interface StreamResult {
  /** ms from the start of each send to its arrival at the subscriber. */
  latencies: number[];
  lost: number;
  duplicates: number;
}

/**
 * One graphql-ws subscriber; warm-up messages until one arrives (so the subscription is live on
 * the server), then `count` messages at a steady rate; waits up to 10 s for the last ones.
 */
export async function streamLatency(run: StreamRun): Promise<StreamResult> {
  const client = await connect(wsUrl(run.url));
  const sentAt = new Map<number, number>();
  const arrived = new Map<number, number>();
  let duplicates = 0;
  let failure: Error | undefined;
  const unsubscribe = subscribe<Record<string, any>>(
    client,
    run.subscription,
    run.variables,
    (data) => {
      const now = performance.now();
      const { seq } = JSON.parse(run.text(data)) as { seq: number };
      if (arrived.has(seq) && seq >= 0) duplicates++;
      else arrived.set(seq, now);
    },
    (err) => (failure = err),
  );
  try {
    // Warm-up: messages with negative numbers until one arrives (a broadcast subscription may take a moment to be wired).
    for (let w = -1; ![...arrived.keys()].some((seq) => seq < 0); w--) {
      if (failure) throw failure;
      if (w < -75) throw new Error('no warm-up message arrived within 15 s');
      await run.send(w);
      await new Promise((r) => setTimeout(r, 200));
    }
    const sends: Promise<unknown>[] = [];
    for (let seq = 0; seq < run.count && !failure; seq++) {
      sentAt.set(seq, performance.now());
      sends.push(run.send(seq));
      await new Promise((r) => setTimeout(r, run.intervalMs));
    }
    await Promise.all(sends);
    await until(() => failure !== undefined || [...sentAt.keys()].every((s) => arrived.has(s)), 10_000, 'the last messages').catch(() => undefined);
    if (failure) throw failure;
    const latencies = [...sentAt].filter(([seq]) => arrived.has(seq)).map(([seq, at]) => (arrived.get(seq) as number) - at);
    return { latencies, lost: run.count - latencies.length, duplicates };
  } finally {
    unsubscribe();
    await client.dispose();
  }
}

/** A scenario that streams messages through one queue or topic to a graphql-ws subscriber (S7, S8). */
export interface StreamScenario extends Pick<StreamRun, 'subscription' | 'variables' | 'text'> {
  id: string;
  title: string;
  /** The mutation (and its variables) that creates the queue or topic. */
  create: { query: string; variables: Record<string, unknown> };
  /** The mutation (and its variables) that sends one message whose text is `text`. */
  send: (text: string) => { query: string; variables: Record<string, unknown> };
  /** What each latency spans, from the start of ... (for the note). */
  span: string;
  goals: { p50: number; p99: number };
}

/** Runs a StreamScenario: 400 messages (20 with --quick), one every 10 ms; p50, p99, lost and duplicates. */
export async function streamScenario(ctx: BenchContext, scenario: StreamScenario): Promise<ScenarioResult> {
  const { api } = await ctx.stack();
  await graphql(api.url, scenario.create.query, scenario.create.variables);
  const count = ctx.size(400, 20);
  const intervalMs = 10;
  const result = await streamLatency({
    url: api.url,
    subscription: scenario.subscription,
    variables: scenario.variables,
    text: scenario.text,
    send: (seq) => {
      const { query, variables } = scenario.send(JSON.stringify({ seq }));
      return graphql(api.url, query, variables);
    },
    count,
    intervalMs,
  });
  return {
    id: scenario.id,
    title: scenario.title,
    figures: {
      'p50 ms': round(percentile(result.latencies, 50)),
      'p99 ms': round(percentile(result.latencies, 99)),
      'messages lost': result.lost,
      duplicates: result.duplicates,
    },
    goals: [
      { figure: 'p50 ms', op: '<', target: scenario.goals.p50 },
      { figure: 'p99 ms', op: '<', target: scenario.goals.p99 },
      { figure: 'messages lost', op: '==', target: 0 },
    ],
    notes: [`${count} messages, one every ${intervalMs} ms, each from the start of its ${scenario.span}.`],
  };
}

import { graphql } from '../lib/http';
import { rssMb, startApiProc } from '../lib/procs';
import type { ScenarioResult } from '../lib/report';
import { percentile, round } from '../lib/stats';
import { connectMany, disposeAll, subscribe, until, wsUrl } from '../lib/ws';
import type { BenchContext } from './context';

const TYPE = 'bench.s9';
const PUBLISH = 'mutation($data: JSON!) { publishEvent(type: "bench.s9", data: $data) { eventId } }';

/** A few subscribers and an event first, so that the code paths are loaded before the memory is read. */
async function warmUp(url: string): Promise<void> {
  const clients = await connectMany(wsUrl(url), 5);
  let got = 0;
  const unsubscribes = clients.map((c) => subscribe(c, 'subscription($types: [String!]) { events(types: $types) { data } }', { types: [TYPE] }, () => got++, () => undefined));
  for (let i = 0; i < 50 && got < clients.length; i++) {
    await graphql(url, PUBLISH, { data: { seq: -1 } });
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const u of unsubscribes) u();
  await disposeAll(clients);
  await new Promise((r) => setTimeout(r, 500));
}

/**
 * S9: one event to 1,000 graphql-ws subscribers, each on a connection of its own: for each event
 * the time until the slowest subscriber had it (p50 and p99 over the events), every delivery's
 * latency, the share delivered, and the API's RSS per connection (connected and subscribed,
 * minus before, over the number of connections), on an API process started for it.
 */
export async function s9Fanout(ctx: BenchContext): Promise<ScenarioResult> {
  const { local } = await ctx.stack();
  // An API process of its own, so that its memory before the connections holds nothing from earlier scenarios.
  const api = await startApiProc(local.endpoint, {}, ctx.nodeArgs('api-s9'), false);
  try {
    return await fanOut(ctx, api.url, api.child.pid!);
  } finally {
    await api.stop();
  }
}

async function fanOut(ctx: BenchContext, url: string, pid: number): Promise<ScenarioResult> {
  const n = ctx.size(1000, 50);
  const events = ctx.size(30, 3);
  await warmUp(url);
  const rssBefore = rssMb(pid);
  const clients = await connectMany(wsUrl(url), n);
  /** arrivals[subscriber] = seq → time */
  const arrivals = clients.map(() => new Map<number, number>());
  let failure: Error | undefined;
  const unsubscribes = clients.map((client, i) =>
    subscribe<{ events: { data: { seq: number } } }>(client, 'subscription($types: [String!]) { events(types: $types) { data } }', { types: [TYPE] }, (d) => arrivals[i]!.set(d.events.data.seq, performance.now()), (err) => (failure = err)),
  );
  try {
    // Warm-up: events until every subscription is live on the server (each has received one).
    for (let w = -1; !arrivals.every((a) => a.size > 0); w--) {
      if (failure) throw failure;
      if (w < -100) throw new Error(`only ${arrivals.filter((a) => a.size > 0).length} of ${n} subscribers got a warm-up event`);
      await graphql(url, PUBLISH, { data: { seq: w } });
      await new Promise((r) => setTimeout(r, 100));
    }
    const rssPerConnectionKb = ((rssMb(pid) - rssBefore) * 1024) / n;
    const slowest: number[] = [];
    const all: number[] = [];
    let delivered = 0;
    for (let seq = 0; seq < events; seq++) {
      const started = performance.now();
      await graphql(url, PUBLISH, { data: { seq } });
      await until(() => failure !== undefined || arrivals.every((a) => a.has(seq)), 3000, `event ${seq} at every subscriber`).catch(() => undefined);
      if (failure) throw failure;
      const times = arrivals.flatMap((a) => (a.has(seq) ? [(a.get(seq) as number) - started] : []));
      delivered += times.length;
      all.push(...times);
      if (times.length === n) slowest.push(Math.max(...times));
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      id: 'S9',
      title: `One event to ${n.toLocaleString('en')} graphql-ws subscribers`,
      figures: {
        'slowest subscriber p50 ms': round(percentile(slowest, 50)),
        'all-delivery p99 ms': round(percentile(slowest, 99)),
        'each delivery p50 ms': round(percentile(all, 50)),
        'delivered %': round((delivered / (n * events)) * 100, 2),
        'RSS per connection KB': round(rssPerConnectionKb, 1),
      },
      goals: [
        { figure: 'slowest subscriber p50 ms', op: '<', target: 50 },
        { figure: 'all-delivery p99 ms', op: '<', target: 100 },
        { figure: 'delivered %', op: '==', target: 100 },
        { figure: 'RSS per connection KB', op: '<=', target: 64 },
      ],
      notes: [`${events} events one after another, each timed from the start of its publishEvent mutation; the subscribers are ${n} graphql-ws clients (the ws package) in the bench process.`],
    };
  } finally {
    for (const u of unsubscribes) u();
    await disposeAll(clients);
  }
}

import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { sharedSubscribe } from '../../src/subscriptions/shared-execution';

/** A source stream we drive by hand: push() delivers an event, return() is recorded. */
function source() {
  const waiting: Array<(r: IteratorResult<object>) => void> = [];
  let returned = 0;
  const iterator: AsyncIterableIterator<object> = {
    next: () => new Promise((resolve) => waiting.push(resolve)),
    return: async () => {
      returned++;
      for (const w of waiting.splice(0)) w({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { iterator, push: (event: object) => waiting.shift()?.({ value: event, done: false }), returned: () => returned };
}

function schemaOver(streams: Array<ReturnType<typeof source>>, resolved: { count: number }) {
  let next = 0;
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      n: { type: GraphQLInt },
      label: { type: GraphQLString, args: { prefix: { type: GraphQLString } }, resolve: (t: { n: number }, { prefix }) => (resolved.count++, `${prefix ?? ''}${t.n}`) },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({ name: 'Subscription', fields: { ticks: { type: Tick, subscribe: () => streams[next++]!.iterator, resolve: (t: unknown) => t } } }),
  });
}

describe('sharedSubscribe', () => {
  it('executes one event once for subscribers of the same operation, and once per distinct operation', async () => {
    const streams = [source(), source(), source()];
    const resolved = { count: 0 };
    const schema = schemaOver(streams, resolved);
    const subscribe = sharedSubscribe();
    // Each subscriber's document is parsed on its own, as graphql-ws does.
    const query = 'subscription($p: String) { ticks { n label(prefix: $p) } }';
    const subs = (await Promise.all([{ p: 'a' }, { p: 'a' }, { p: 'b' }].map((variableValues) => subscribe({ schema, document: parse(query), variableValues })))) as Array<AsyncGenerator<ExecutionResult>>;
    const event = { n: 7 };
    const nexts = subs.map((s) => s.next());
    for (const s of streams) s.push(event);
    const results = (await Promise.all(nexts)).map((r) => r.value);
    expect(results).toEqual([{ data: { ticks: { n: 7, label: 'a7' } } }, { data: { ticks: { n: 7, label: 'a7' } } }, { data: { ticks: { n: 7, label: 'b7' } } }]);
    expect(resolved.count).toBe(2);
    expect(results[0]).toBe(results[1]);
  });

  it('executes a new event again, and closes an idle source at once when the subscriber leaves', async () => {
    const streams = [source()];
    const resolved = { count: 0 };
    const subscribe = sharedSubscribe();
    const sub = (await subscribe({ schema: schemaOver(streams, resolved), document: parse('subscription { ticks { label } }') })) as AsyncGenerator<ExecutionResult>;
    const first = sub.next();
    streams[0]!.push({ n: 1 });
    expect((await first).value).toEqual({ data: { ticks: { label: '1' } } });
    const second = sub.next();
    streams[0]!.push({ n: 1 });
    expect((await second).value).toEqual({ data: { ticks: { label: '1' } } });
    expect(resolved.count).toBe(2);
    const pending = sub.next();
    await sub.return(undefined);
    expect(streams[0]!.returned()).toBe(1);
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it('answers errors of the source stream as a result, as graphql-js does', async () => {
    const subscribe = sharedSubscribe();
    const result = await subscribe({ schema: schemaOver([], { count: 0 }), document: parse('subscription { nope }') });
    expect((result as ExecutionResult).errors?.[0]?.message).toMatch(/nope/);
  });
});

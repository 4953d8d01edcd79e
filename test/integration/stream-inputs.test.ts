import { appWithWsClient, subscribe } from '../helpers/ws';

/** Bad subscription arguments over graphql-ws get the same answers as over HTTP: BAD_USER_INPUT with the fields. */
describe('subscription arguments', () => {
  const suite = appWithWsClient();

  async function errorsOf(query: string, variables: Record<string, unknown> = {}) {
    const sub = subscribe(suite.client, query, variables, (d) => d);
    await sub.done();
    return (sub.errors as Array<{ extensions?: { code?: string; fields?: Array<{ field: string }> } }>).map((e) => ({ code: e.extensions?.code, fields: e.extensions?.fields?.map((f) => f.field) }));
  }

  it('refuses event types no event can have', async () => {
    expect(await errorsOf('subscription { events(types: ["user.created", "a b", ""]) { type } }')).toEqual([{ code: 'BAD_USER_INPUT', fields: ['types.1', 'types.2'] }]);
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT naming it, not an internal error', async () => {
    expect(await errorsOf('subscription($q: String!) { messageReceived(queue: $q) { body } }', { q: 5 })).toEqual([{ code: 'BAD_USER_INPUT', fields: ['$q'] }]);
    expect(await errorsOf('subscription($q: String!) { messageReceived(queue: $q) { body } }')).toEqual([{ code: 'BAD_USER_INPUT', fields: ['$q'] }]);
  });
});

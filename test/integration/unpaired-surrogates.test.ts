import { gql } from '../helpers/app';
import { appWithWsClient, subscribe } from '../helpers/ws';

/**
 * A lone UTF-16 surrogate ("\ud800", which JSON carries) is no text: DynamoDB strings must be valid
 * UTF-8. Any variable holding one, in a value or a key, at any depth, is BAD_USER_INPUT naming its
 * path before anything runs, over HTTP and graphql-ws; the query text itself can't hold one (parse error).
 */
describe('unpaired surrogates in a request', () => {
  const suite = appWithWsClient();
  const create = 'mutation($i: CreateUserInput!) { createUser(input: $i) { userId } }';
  const put = 'mutation($d: JSONObject!) { putItem(table: "users", item: $d) }';
  const refusal = (field: string) => ({
    message: `Invalid input: ${field}: contains an unpaired UTF-16 surrogate, which is not text`,
    extensions: { code: 'BAD_USER_INPUT', fields: [{ field, message: 'contains an unpaired UTF-16 surrogate, which is not text' }] },
  });

  async function post(query: string, variables: Record<string, unknown>) {
    // JSON.stringify writes a lone surrogate as the escape "\ud800", as a client's JSON would.
    const res = await fetch(suite.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: unknown[] } };
  }

  it('refuses a user name holding one, and stores nothing', async () => {
    expect(await post(create, { i: { userId: 'lone-1', email: 'lone@x.io', name: 'P\ud800' } })).toEqual({ status: 400, body: { errors: [refusal('$i.name')] } });
    expect(await gql(suite.app, '{ user(userId: "lone-1") { name } }')).toEqual({ data: { user: null } });
  });

  it('refuses one in a JSON value or key, at its path', async () => {
    expect(await post(put, { d: { user_id: 'lone-2', notes: [{ text: 'ok' }, { text: 'x\udc00y' }] } })).toEqual({ status: 400, body: { errors: [refusal('$d.notes.1.text')] } });
    // The key's lone surrogate is U+FFFD in the path: the response carries none back.
    expect(await post(put, { d: { user_id: 'lone-3', '\ud800': 1 } })).toEqual({ status: 400, body: { errors: [refusal('$d.\ufffd')] } });
    expect(await post(put, { d: { user_id: 'lone-3', notes: [{}, { 'te\ud800xt': 1 }] } })).toEqual({ status: 400, body: { errors: [refusal('$d.notes.1.te\ufffdxt')] } });
    expect(await gql(suite.app, '{ item(table: "users", key: { user_id: "lone-2" }) }')).toEqual({ data: { item: null } });
  });

  it('keeps surrogate pairs (emoji)', async () => {
    expect(await post(create, { i: { userId: 'pair-1', email: 'pair@x.io', name: 'P \ud83d\ude00' } })).toEqual({ status: 200, body: { data: { createUser: { userId: 'pair-1' } } } });
  });

  it('refuses them over graphql-ws as well', async () => {
    const sub = subscribe(suite.client, create, { i: { userId: 'lone-4', email: 'lone4@x.io', name: 'P\ud800' } }, (data) => data);
    await sub.done();
    expect({ errors: sub.errors, data: sub.received }).toEqual({ errors: [expect.objectContaining(refusal('$i.name'))], data: [] });
  });

  it('cannot come in the query text: graphql-js does not parse it', async () => {
    const res = await post('mutation { createUser(input: { email: "q@x.io", name: "P\\ud800" }) { userId } }', {});
    expect(res).toMatchObject({ status: 400, body: { errors: [{ message: 'Syntax Error: Invalid Unicode escape sequence: "\\ud800".', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] } });
  });
});

import type { App } from '../../src/app';
import { startTestApp } from '../helpers/app';

/** A variable that does not fit its type is BAD_USER_INPUT (Apollo's code) with extensions.fields naming it, as every BAD_USER_INPUT is. */
describe('variables of the wrong type', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  async function post(query: string, variables: Record<string, unknown>) {
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string; fields?: Array<{ field: string }> } }> };
    return { status: res.status, code: body.errors[0]?.extensions.code, fields: body.errors[0]?.extensions.fields?.map((f) => f.field) };
  }

  it('names the variable, and the field inside an input object', async () => {
    const create = 'mutation($i: CreateUserInput!) { createUser(input: $i) { userId } }';
    expect(await post(create, { i: { email: 'v@example.com', name: 'V', age: 'old' } })).toEqual({ status: 400, code: 'BAD_USER_INPUT', fields: ['$i.age'] });
    expect(await post(create, { i: { email: 'v@example.com', name: 'V', evil: 1 } })).toEqual({ status: 400, code: 'BAD_USER_INPUT', fields: ['$i.evil'] });
    expect(await post('query($id: ID!) { user(userId: $id) { name } }', {})).toEqual({ status: 400, code: 'BAD_USER_INPUT', fields: ['$id'] });
    expect(await post('query($l: Int) { users(limit: $l) { items { userId } } }', { l: 1e10 })).toEqual({ status: 400, code: 'BAD_USER_INPUT', fields: ['$l'] });
  });
});

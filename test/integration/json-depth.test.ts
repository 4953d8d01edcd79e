import type { App } from '../../src/app';
import { startTestApp } from '../helpers/app';

/**
 * JSON arguments nested absurdly deep (a 100 000-level array is 200 KB) overflowed the stack
 * (type-graphql's argument conversion, JSON.stringify) and answered INTERNAL_SERVER_ERROR. JSON
 * values are held to 100 levels, as a variable (BAD_USER_INPUT naming it) or inline.
 */
describe('JSON nesting', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

  async function post(query: string, variablesJson: string) {
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}` });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions: { code: string; fields?: Array<{ field: string; message: string }> } }> };
    return { status: res.status, code: body.errors?.[0]?.extensions.code, fields: body.errors?.[0]?.extensions.fields, data: body.data };
  }

  it('refuses a JSON variable over 100 levels with BAD_USER_INPUT naming it', async () => {
    const cases: Array<[string, string]> = [
      ['mutation($d: JSON!) { publishEvent(type: "a.b", data: $d) { eventId } }', `{"d":${nested(100_000)}}`],
      ['mutation($d: JSON) { invokeFunction(input: { function: "echo", payload: $d }) { success } }', `{"d":${nested(101)}}`],
      ['mutation($d: JSONObject!) { putItem(table: "users", item: $d) }', `{"d":{"user_id":"x","deep":${nested(5000)}}}`],
    ];
    for (const [query, variables] of cases) {
      expect(await post(query, variables)).toEqual({ status: 400, code: 'BAD_USER_INPUT', fields: [{ field: '$d', message: 'JSON is nested more than 100 levels deep' }], data: undefined });
    }
  });

  it('refuses an inline JSON literal over 100 levels', async () => {
    const res = await post(`mutation { publishEvent(type: "a.b", data: ${nested(101)}) { eventId } }`, '{}');
    expect(res).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('takes 100 levels', async () => {
    const res = await post('mutation($d: JSON) { invokeFunction(input: { function: "echo", payload: $d }) { success } }', `{"d":${nested(100)}}`);
    expect(res).toEqual({ status: 200, code: undefined, fields: undefined, data: { invokeFunction: { success: true } } });
  });
});

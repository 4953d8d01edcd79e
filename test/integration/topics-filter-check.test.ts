import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const CHECK = `query($policy: JSON!, $scope: FilterPolicyScope, $message: String, $attributes: [MessageAttributeInput!]) {
  checkFilterPolicy(filterPolicy: $policy, scope: $scope, message: $message, attributes: $attributes) { valid errors matches }
}`;

describe('checkFilterPolicy', () => {
  let app: App;
  const check = async (variables: Record<string, unknown>) => (await gqlData(app, CHECK, variables)).checkFilterPolicy;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const policy = { store: ['north'], price: [{ numeric: ['>=', 100, '<=', 200] }], channel: [{ prefix: 'web-' }] };

  it('says a matching sample would be delivered and a non-matching one would not', async () => {
    const attributes = [
      { name: 'store', value: 'north' },
      { name: 'price', value: '120', dataType: 'NUMBER' },
      { name: 'channel', value: 'web-eu' },
    ];
    expect(await check({ policy, attributes })).toEqual({ valid: true, errors: [], matches: true });
    const tooDear = attributes.map((a) => (a.name === 'price' ? { ...a, value: '200.5' } : a));
    expect(await check({ policy, attributes: tooDear })).toEqual({ valid: true, errors: [], matches: false });
    const otherChannel = attributes.map((a) => (a.name === 'channel' ? { ...a, value: 'app-eu' } : a));
    expect(await check({ policy, attributes: otherChannel })).toEqual({ valid: true, errors: [], matches: false });
    expect(await check({ policy, attributes: attributes.slice(0, 2) })).toEqual({ valid: true, errors: [], matches: false });
    expect(await check({ policy })).toEqual({ valid: true, errors: [], matches: false });
  });

  it('matches the message body under MESSAGE_BODY, nested keys included', async () => {
    const bodyPolicy = { order: { status: ['paid'], total: [{ numeric: ['>', 50] }] } };
    const paid = JSON.stringify({ order: { status: 'paid', total: 75, id: 'o-1' } });
    expect(await check({ policy: bodyPolicy, scope: 'MESSAGE_BODY', message: paid })).toEqual({ valid: true, errors: [], matches: true });
    expect(await check({ policy: bodyPolicy, scope: 'MESSAGE_BODY', message: JSON.stringify({ order: { status: 'paid', total: 20 } }) })).toMatchObject({ matches: false });
    expect(await check({ policy: bodyPolicy, scope: 'MESSAGE_BODY', message: 'not json' })).toEqual({ valid: true, errors: [], matches: false });
  });

  it('explains why a policy is invalid', async () => {
    const cases: Array<[unknown, string | undefined, RegExp]> = [
      [{ store: 'north' }, undefined, /"store" must be an object or an array/],
      [{ order: { status: ['paid'] } }, 'MESSAGE_ATTRIBUTES', /MessageAttributes does not support nested filter policy/],
      [{ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }, undefined, /more than 5 keys/],
      [{}, undefined, /Empty objects are not allowed/],
      ['{not json', undefined, /failed to parse JSON/],
    ];
    for (const [filterPolicy, scope, reason] of cases) {
      const result = await check({ policy: filterPolicy, scope });
      expect(result).toEqual({ valid: false, errors: [expect.stringMatching(reason)], matches: false });
    }
  });

  it('takes the policy written inline in the query, as clients paste it', async () => {
    const inline = await gqlData(app, '{ checkFilterPolicy(filterPolicy: { kind: ["a"], n: [{ numeric: [">", 1] }] }, attributes: [{ name: "kind", value: "a" }, { name: "n", value: "2", dataType: NUMBER }]) { valid errors matches } }');
    expect(inline.checkFilterPolicy).toEqual({ valid: true, errors: [], matches: true });
  });

  it('takes the policy as JSON text too', async () => {
    const result = await check({ policy: '{"kind":["a","b"]}', attributes: [{ name: 'kind', value: 'b' }] });
    expect(result).toEqual({ valid: true, errors: [], matches: true });
  });

  it('refuses malformed sample attributes with BAD_USER_INPUT', async () => {
    const res = await gql(app, CHECK, { policy, attributes: [{ name: 'price', value: 'cheap', dataType: 'NUMBER' }] });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual(['attributes.0.value']);
  });
});

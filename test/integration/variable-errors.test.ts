import { appWithWsClient, subscribe } from '../helpers/ws';

/** A variable that does not fit its type is BAD_USER_INPUT (Apollo's code) with extensions.fields naming it, as every BAD_USER_INPUT is. */
describe('variables of the wrong type', () => {
  const suite = appWithWsClient();
  const create = 'mutation($i: CreateUserInput!) { createUser(input: $i) { userId } }';

  async function post(query: string, variables: Record<string, unknown>) {
    const res = await fetch(suite.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string; fields?: Array<{ field: string }> } }> };
    return { status: res.status, code: body.errors[0]?.extensions.code, fields: body.errors[0]?.extensions.fields?.map((f) => f.field), message: body.errors[0]?.message };
  }

  it('names the variable, and the field inside an input object', async () => {
    expect(await post(create, { i: { email: 'v@example.com', name: 'V', age: 'old' } })).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', fields: ['$i.age'] });
    expect(await post(create, { i: { email: 'v@example.com', name: 'V', evil: 1 } })).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', fields: ['$i.evil'] });
    expect(await post('query($id: ID!) { user(userId: $id) { name } }', {})).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', fields: ['$id'] });
    expect(await post('query($l: Int) { users(limit: $l) { items { userId } } }', { l: 1e10 })).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', fields: ['$l'] });
  });

  it('never echoes the value sent in the message: it names the variable and the path', async () => {
    const bogus = { i: { email: 'p@x.io', name: 'P', bogus: 1 } };
    expect(await post(create, bogus)).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
      fields: ['$i.bogus'],
      message: 'Variable "$i" got invalid value at "i.bogus": Field "bogus" is not defined by type "CreateUserInput".',
    });
    const missing = await post(create, { i: { email: 'secret@x.io' } });
    expect(missing.message).toBe('Variable "$i" got invalid value: Field "name" of required type "String!" was not provided.');

    const sub = subscribe(suite.client, create, bogus, (data) => data);
    await sub.done();
    expect(sub.errors).toEqual([
      expect.objectContaining({
        message: 'Variable "$i" got invalid value at "i.bogus": Field "bogus" is not defined by type "CreateUserInput".',
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: '$i.bogus', message: 'is not a field of CreateUserInput' }] },
      }),
    ]);
  });

  it('never echoes the value through the scalar\'s or enum\'s own reason, over HTTP and the socket', async () => {
    async function raw(query: string, variables: Record<string, unknown>) {
      const res = await fetch(suite.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const text = await res.text();
      const error = (JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string; fields: Array<{ field: string; message: string }> } }> }).errors[0];
      return { status: res.status, text, message: error?.message, code: error?.extensions.code, fields: error?.extensions.fields };
    }
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [create, { i: { email: 'v@example.com', name: 'V', age: 'secret-age-p@x.io' } }, '$i.age', 'Int cannot represent non-integer value'],
      [create, { i: { email: ['secret-p@x.io'], name: 'V' } }, '$i.email', 'String cannot represent a non string value'],
      [
        'mutation($o: CreateOrderInput!) { createOrder(input: $o) { amount } }',
        { o: { userId: 'u', orderDate: '2024-01-01', amount: 'SSN-123-45-6789' } },
        '$o.amount',
        'Float cannot represent non numeric value',
      ],
      ['query($n: ID!) { user(userId: $n) { name } }', { n: { ssn: '123-45-6789' } }, '$n', 'ID cannot represent value'],
      ['query($k: JSONObject!) { item(table: "t", key: $k) }', { k: 'secret-p@x.io' }, '$k', 'JSONObject cannot represent non-object value'],
      [
        'mutation($f: InvokeInput!) { invokeFunction(input: $f) { statusCode } }',
        { f: { function: 'f', invocationType: 'secret@x.io' } },
        '$f.invocationType',
        'Value does not exist in "InvocationType" enum.',
      ],
    ];
    for (const [query, variables, field, reason] of cases) {
      const res = await raw(query, variables);
      expect(res).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', fields: [{ field, message: reason }] });
      expect(res.message).toMatch(new RegExp(`: ${reason.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}$`));
      expect(res.text).not.toMatch(/secret|p@x\.io|123-45-6789/);
    }

    const sub = subscribe(suite.client, 'subscription($a: AckMode) { messageReceived(queue: "q", ack: $a) { body } }', { a: 'secret@x.io' }, (data) => data);
    await sub.done();
    expect(sub.errors).toEqual([
      expect.objectContaining({
        message: 'Variable "$a" got invalid value: Value does not exist in "AckMode" enum.',
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: '$a', message: 'Value does not exist in "AckMode" enum.' }] },
      }),
    ]);
  });
});

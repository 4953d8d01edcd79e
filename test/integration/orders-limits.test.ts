import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

/**
 * Values DynamoDB (or the document client) can't store are the client's mistake, named by field,
 * and nothing is written: amounts beyond what a JSON number carries exactly or DynamoDB stores,
 * item lists with such numbers, nested over DynamoDB's 32 levels or over its 400 KB item size, and
 * dates longer than a sort key may be. They used to be INTERNAL_SERVER_ERROR.
 */
const CREATE = 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { orderDate } }';
const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => (res.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field);

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { d: value };
  return value;
}

describe('orders DynamoDB cannot store', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await gqlData(app, 'mutation { createUser(input: { userId: "lim_1", email: "lim@shop.com", name: "L" }) { userId } }');
  });
  afterAll(() => app.close());

  const orderCount = async () => (await gqlData(app, '{ orders(userId: "lim_1") { items { orderDate } } }')).orders.items.length;

  it('refuses amounts out of reach, on amount', async () => {
    for (const amount of [1e126, 1e20, 9007199254740993, 1e-200]) {
      const res = await gql(app, CREATE, { input: { userId: 'lim_1', orderDate: '2031-01-01', amount } });
      expect({ amount, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ amount, codes: ['BAD_USER_INPUT'], fields: ['amount'] });
    }
    expect(await orderCount()).toBe(0);
  });

  it('refuses items DynamoDB would refuse, on items', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['a number beyond 2^53', [{ sku: 'A', qty: 1e20 }], 'items.0.qty'],
      ['a number beyond DynamoDB', { big: 1.5e200 }, 'items.big'],
      ['nesting over 32 levels', nested(40), 'items'],
      ['over 400 KB', 'x'.repeat(450_000), 'items'],
    ];
    for (const [what, items, field] of cases) {
      const res = await gql(app, CREATE, { input: { userId: 'lim_1', orderDate: '2031-01-02', amount: 1, items } });
      expect({ what, codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ what, codes: ['BAD_USER_INPUT'], fields: [expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}`))] });
    }
    expect(await orderCount()).toBe(0);
  });

  it('keeps items DynamoDB stores: 32 levels, numbers up to 2^53-1, decimals', async () => {
    const items = { deep: nested(30), qty: 9007199254740991, price: 0.1 };
    const { createOrder } = await gqlData(app, 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { items amount } }', { input: { userId: 'lim_1', orderDate: '2031-01-03', amount: 12.34, items } });
    expect(createOrder).toEqual({ items, amount: 12.34 });
  });

  it('refuses a sort-key value longer than DynamoDB allows, on its field', async () => {
    const long = '2'.repeat(1100);
    const del = await gql(app, 'mutation($d: String!) { deleteOrder(userId: "lim_1", orderDate: $d) { orderDate } }', { d: long });
    expect([codesOf(del), fieldsOf(del)]).toEqual([['BAD_USER_INPUT'], ['orderDate']]);
    for (const filter of [{ equals: long }, { beginsWith: long }, { before: long }, { between: ['2024', long] }]) {
      const res = await gql(app, 'query($f: OrderDateFilter) { orders(userId: "lim_1", filter: $f) { items { orderDate } } }', { f: filter });
      expect({ filter: Object.keys(filter)[0], codes: codesOf(res), fields: fieldsOf(res) }).toEqual({ filter: Object.keys(filter)[0], codes: ['BAD_USER_INPUT'], fields: [`filter.${Object.keys(filter)[0]}`] });
    }
  });
});

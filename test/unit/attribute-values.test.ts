import { checkDocument, fromItem, keyText, toAttributeValue, toItem } from '../../src/datasources/attribute-values';
import { validationFields } from '../helpers/validation';

describe('toItem / fromItem: JSON <-> DynamoDB items', () => {
  it('maps the JSON types to S, N, BOOL, NULL, L, M', () => {
    const item = toItem({ s: 'x', n: 0.1, t: true, z: null, l: [1, 'a'], m: { k: 'v' } }, 'item');
    expect(item).toEqual({
      s: { S: 'x' },
      n: { N: '0.1' },
      t: { BOOL: true },
      z: { NULL: true },
      l: { L: [{ N: '1' }, { S: 'a' }] },
      m: { M: { k: { S: 'v' } } },
    });
    expect(fromItem(item)).toEqual({ s: 'x', n: 0.1, t: true, z: null, l: [1, 'a'], m: { k: 'v' } });
  });

  it('keeps numbers exact: JSON numbers when exact, {"$number"} otherwise', () => {
    const item = toItem({ a: 0.30000000000000004, b: { $number: '12345678901234567890' }, c: { $number: '1.50' }, d: { $number: '0.1000000000000000000000001' } }, 'item');
    expect(item).toEqual({ a: { N: '0.30000000000000004' }, b: { N: '12345678901234567890' }, c: { N: '1.5' }, d: { N: '0.1000000000000000000000001' } });
    expect(fromItem(item)).toEqual({ a: 0.30000000000000004, b: { $number: '12345678901234567890' }, c: 1.5, d: { $number: '0.1000000000000000000000001' } });
    expect(JSON.stringify(fromItem(item))).toBe('{"a":0.30000000000000004,"b":{"$number":"12345678901234567890"},"c":1.5,"d":{"$number":"0.1000000000000000000000001"}}');
  });

  it('round-trips what it produces: reading an item and putting it back changes nothing', () => {
    const stored = { id: { S: 'k' }, big: { N: '98765432109876543210.5' }, bin: { B: Buffer.from([0, 1, 255]) }, ns: { NS: ['1', '12345678901234567890'] } };
    expect(toItem(JSON.parse(JSON.stringify(fromItem(stored))), 'item')).toEqual(stored);
  });

  it('represents binary and sets as tagged objects', () => {
    const item = toItem({ b: { $binary: 'AAH/' }, ss: { $stringSet: ['a', 'b'] }, ns: { $numberSet: [1, '2.50'] }, bs: { $binarySet: ['AA==', 'AQ=='] } }, 'item');
    expect(item.b).toEqual({ B: Buffer.from([0, 1, 255]) });
    expect(item.ss).toEqual({ SS: ['a', 'b'] });
    expect(item.ns).toEqual({ NS: ['1', '2.5'] });
    expect(item.bs).toEqual({ BS: [Buffer.from([0]), Buffer.from([1])] });
    expect(fromItem(item)).toEqual({ b: { $binary: 'AAH/' }, ss: { $stringSet: ['a', 'b'] }, ns: { $numberSet: [1, 2.5] }, bs: { $binarySet: ['AA==', 'AQ=='] } });
    expect(fromItem({ ns: { NS: ['12345678901234567890', '3'] } })).toEqual({ ns: { $numberSet: ['12345678901234567890', 3] } });
  });

  it('wraps a stored map that looks like a tag in {"$map"} and reads it back as a map', () => {
    const stored = { m: { M: { $number: { S: 'not a number' } } } };
    const json = fromItem(stored);
    expect(json).toEqual({ m: { $map: { $number: 'not a number' } } });
    expect(toItem(json, 'item')).toEqual(stored);
  });

  it('refuses an attribute named __proto__ (the SDK would drop it) and keeps other JavaScript-special names', () => {
    expect(validationFields(() => toItem(JSON.parse('{"a": {"__proto__": {"x": 1}}}'), 'item'))).toEqual([{ field: 'item.a.__proto__', message: 'is not supported as an attribute name' }]);
    const item = toItem(JSON.parse('{"constructor": "c", "toString": 1, "hasOwnProperty": true}'), 'item');
    expect(Object.keys(item)).toEqual(['constructor', 'toString', 'hasOwnProperty']);
  });

  it('keeps keys that look like expressions or paths as plain names', () => {
    expect(toItem({ 'a.b': 1, 'x) OR (y': ':v0', '#n0': 'status' }, 'item')).toEqual({ 'a.b': { N: '1' }, 'x) OR (y': { S: ':v0' }, '#n0': { S: 'status' } });
  });

  it('names the offending attribute in errors', () => {
    expect(validationFields(() => toItem({ price: 12345678901234567890 }, 'item'))).toEqual([{ field: 'item.price', message: expect.stringContaining('2^53-1') }]);
    expect(validationFields(() => toItem({ a: { b: [1, { $number: 'abc' }] } }, 'item'))).toEqual([{ field: 'item.a.b.1.$number', message: '"abc" is not a number' }]);
    expect(validationFields(() => toItem({ b: { $binary: 'not base64!' } }, 'item'))[0]?.field).toBe('item.b.$binary');
    expect(validationFields(() => toItem({ s: { $stringSet: [] } }, 'item'))[0]).toEqual({ field: 'item.s.$stringSet', message: 'must be a non-empty array' });
    expect(validationFields(() => toItem({ s: { $stringSet: ['a', 'a'] } }, 'item'))[0]?.field).toBe('item.s.$stringSet.1');
    expect(validationFields(() => toItem({ s: { $numberSet: [1, '1.0'] } }, 'item'))[0]?.field).toBe('item.s.$numberSet.1');
    expect(validationFields(() => toItem({ s: { $stringSet: ['a', 2] } }, 'item'))[0]).toEqual({ field: 'item.s.$stringSet.1', message: 'must be a string' });
    expect(validationFields(() => toItem([1] as never, 'item'))[0]).toEqual({ field: 'item', message: 'must be a JSON object' });
  });

  it('refuses documents nested deeper than DynamoDB allows, without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(validationFields(() => toAttributeValue(deep, 'item.x'))[0]?.message).toBe('is nested more than 32 levels deep');
  });

  it('gives the same key text for the same key whatever the attribute order', () => {
    expect(keyText({ a: { S: '1' }, b: { N: '2' } })).toBe(keyText({ b: { N: '2' }, a: { S: '1' } }));
    expect(keyText({ a: { S: '1' } })).not.toBe(keyText({ a: { N: '1' } }));
  });
});

describe('checkDocument (plain JSON the document client stores)', () => {
  it('accepts what DynamoDB stores exactly, tags included as plain maps', () => {
    expect(() => checkDocument([{ sku: 'A', qty: 9007199254740991, price: 0.1 }, { $number: 'not a tag here' }, null, true], 'items')).not.toThrow();
  });

  it('names the first value DynamoDB or the SDK would refuse', () => {
    expect(validationFields(() => checkDocument([{ qty: 1e20 }], 'items'))).toEqual([{ field: 'items.0.qty', message: 'is beyond 2^53-1, the largest integer a JSON number carries exactly' }]);
    expect(validationFields(() => checkDocument({ tiny: 1e-200 }, 'items'))).toEqual([{ field: 'items.tiny', message: 'is smaller in magnitude than DynamoDB allows (1E-130)' }]);
    let deep: unknown = 1;
    for (let i = 0; i < 31; i++) deep = [deep];
    expect(() => checkDocument(deep, 'items')).not.toThrow();
    expect(validationFields(() => checkDocument([deep], 'items'))[0]?.message).toBe('is nested more than 32 levels deep');
    expect(validationFields(() => checkDocument(JSON.parse('{"__proto__": 1}'), 'items'))).toEqual([{ field: 'items.__proto__', message: 'is not supported as an attribute name' }]);
  });
});

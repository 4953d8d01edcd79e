import { decodeSnsAttributes, encodeAttributes, messageSize, numberProblem } from '../../src/lib/message-attributes';
import { AttributeDataType } from '../../src/types/attribute.type';

describe('encodeAttributes', () => {
  it('keeps numbers as Number text and decodes base64 binary', () => {
    const { attributes, errors } = encodeAttributes([
      { name: 's', value: 'text' },
      { name: 'n', value: '-1.5e10', dataType: AttributeDataType.NUMBER },
      { name: 'b', value: 'AAEC/w==', dataType: AttributeDataType.BINARY },
    ]);
    expect(errors).toEqual([]);
    expect(attributes).toEqual({
      s: { DataType: 'String', StringValue: 'text' },
      n: { DataType: 'Number', StringValue: '-1.5e10' },
      b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
    });
  });

  it('names each bad value and duplicate by its position', () => {
    const { errors } = encodeAttributes([
      { name: 'n', value: '1,5', dataType: AttributeDataType.NUMBER },
      { name: 'b', value: 'AAE', dataType: AttributeDataType.BINARY },
      { name: 'n', value: 'x' },
      { name: 'c', value: 'nul \u0000' },
    ]);
    expect(errors.map((e) => e.field)).toEqual(['attributes.0.value', 'attributes.1.value', 'attributes.2.name', 'attributes.3.value']);
  });
});

describe('numberProblem', () => {
  it.each([['0'], ['42'], ['-0.001'], ['1e126'], ['1E-128'], ['.5'], ['12345678901234567890123456789012345678']])('accepts %s', (value) => {
    expect(numberProblem(value)).toBeUndefined();
  });
  it.each([['abc'], [''], ['1e127'], ['1e-129'], ['123456789012345678901234567890123456789'], [' 1'], ['0x10']])('refuses %p', (value) => {
    expect(numberProblem(value)).toEqual(expect.any(String));
  });
});

describe('messageSize', () => {
  it('counts body, attribute names, types and values in UTF-8 bytes, binary decoded', () => {
    expect(messageSize('é', { k: { DataType: 'String', StringValue: 'ü' }, b: { DataType: 'Binary', BinaryValue: new Uint8Array(3) } })).toBe(2 + (1 + 6 + 2) + (1 + 6 + 3));
  });
});

describe('decodeSnsAttributes', () => {
  it('maps SNS types, String.Array to STRING with its JSON text', () => {
    expect(decodeSnsAttributes({ z: { Type: 'String.Array', Value: '["a"]' }, a: { Type: 'Number', Value: '1' } })).toEqual([
      { name: 'a', value: '1', dataType: 'NUMBER' },
      { name: 'z', value: '["a"]', dataType: 'STRING' },
    ]);
  });
});

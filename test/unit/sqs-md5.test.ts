import { md5OfAttributes, md5OfBody } from '../../src/local/sqs/md5';

// Digests SQS itself returned for these inputs (recorded against AWS in LocalStack's
// AWS-validated SQS snapshots, tests/aws/services/sqs/test_sqs.snapshot.json).
const S = (StringValue: string) => ({ DataType: 'String', StringValue });

describe('SQS MD5 digests', () => {
  it('digests bodies as UTF-8', () => {
    expect(md5OfBody('msg')).toBe('6e2baaf3b97dbeef01c0043275f9a0e7');
    expect(md5OfBody('test')).toBe('098f6bcd4621d373cade4e832627b4f6');
    expect(md5OfBody('message-body-1')).toBe('19c9e282d65f9733bc6b35d50062c7ee');
  });

  it('matches AWS for string attributes, in name order whatever the insertion order', () => {
    expect(md5OfAttributes({ Foo: S('Bar') })).toBe('ae7155c6026991b6d54b11589678bf9c');
    expect(md5OfAttributes({ 'Help.Me': S('Me'), Hello: S('There'), General: S('Kenobi') })).toBe('4c360f3fdafd970e05fae2f149d997f5');
    expect(md5OfAttributes({ Hello: S('There'), General: S('Kenobi') })).toBe('fca026605781cb4126a1e9044df24232');
    expect(md5OfAttributes({ General: S('Kenobi'), Hello: S('There') })).toBe('fca026605781cb4126a1e9044df24232');
    expect(md5OfAttributes({ Hello: S('There') })).toBe('a311262e065454b75da111d535b8dacd');
    expect(md5OfAttributes({ Hello: S('There'), 'Help.Me': S('Me') })).toBe('83fee93c1bcd8b9a5a923ffacdc636c7');
  });

  it('matches AWS for binary attributes (transport byte 2, raw bytes)', () => {
    const value = Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1');
    expect(md5OfAttributes({ attr1: { DataType: 'Binary', BinaryValue: value } })).toBe('8cbe4db156db8a94db8b801b7addb984');
  });

  it('matches AWS for the AWSTraceHeader system attribute', () => {
    const trace = S('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
    expect(md5OfAttributes({ AWSTraceHeader: trace })).toBe('5ae4d5d7636402d80f4eb6d213245a88');
  });

  it('covers the data type, so custom types and Number digest differently from String', () => {
    const asString = md5OfAttributes({ n: S('12') });
    const asNumber = md5OfAttributes({ n: { DataType: 'Number', StringValue: '12' } });
    const asCustom = md5OfAttributes({ n: { DataType: 'Number.int', StringValue: '12' } });
    expect(new Set([asString, asNumber, asCustom]).size).toBe(3);
  });

  it('is absent for no attributes, as AWS omits MD5OfMessageAttributes', () => {
    expect(md5OfAttributes(undefined)).toBeUndefined();
    expect(md5OfAttributes({})).toBeUndefined();
  });
});

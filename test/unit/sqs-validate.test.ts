import { firstDifference, initialAttributes } from '../../src/local/sqs/attributes';
import { decodeReceipt, encodeReceipt } from '../../src/local/sqs/receipt';
import { pickUserAttributes, renderMessage, selectionOf } from '../../src/local/sqs/render';
import { hasValidCharacters, messageSize, validateFifoId, validateMessageAttributes, validateQueueName } from '../../src/local/sqs/validate';

const S = (StringValue: string) => ({ DataType: 'String', StringValue });

describe('local SQS validation', () => {
  it('accepts exactly the characters SQS allows in bodies', () => {
    expect(hasValidCharacters('tab\t lf\n cr\r é 中 𝄞 \uE000 \uFFFD')).toBe(true);
    for (const bad of ['\u0000', '\u0008', '\u000B', '\u001F', '\uFFFE', '\uD800 lone surrogate']) expect(hasValidCharacters(bad)).toBe(false);
  });

  it('checks queue names, .fifo counting towards the 80 characters', () => {
    expect(() => validateQueueName('a'.repeat(80), false)).not.toThrow();
    expect(() => validateQueueName(`${'a'.repeat(75)}.fifo`, true)).not.toThrow();
    expect(() => validateQueueName(`${'a'.repeat(76)}.fifo`, true)).toThrow('must end with .fifo suffix and be 1 to 80 in length');
    expect(() => validateQueueName('jobs.fifo', false)).toThrow('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    expect(() => validateQueueName('jobs', true)).toThrow('must end with .fifo suffix');
  });

  it('checks FIFO ids: 1-128 alphanumeric or punctuation characters', () => {
    expect(() => validateFifoId('MessageGroupId', 'a-b_c.d!~{}')).not.toThrow();
    expect(() => validateFifoId('MessageGroupId', 'with space')).toThrow('Value with space for parameter MessageGroupId is invalid.');
    expect(() => validateFifoId('MessageDeduplicationId', 'x'.repeat(129))).toThrow('1 to 128 in length');
  });

  it('checks message attributes: names, types, values', () => {
    expect(() => validateMessageAttributes({ 'ok.name-1_é': S('v'), n: { DataType: 'Number.float', StringValue: '-1.5e10' } })).not.toThrow();
    const cases: Array<[Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }>, string]> = [
      [{ e: S('') }, "Message (user) attribute 'e' must contain a non-empty value of type 'String'."],
      [{ 'aws.x': S('v') }, "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'"],
      [{ 'x.': S('v') }, "cannot start or end with '.'"],
      [{ n: { DataType: 'Number', StringValue: '1'.repeat(39) } }, "Can't cast the value of message (user) attribute 'n' to a number."],
      [{ b: { DataType: 'Binary' } }, "must contain a non-empty value of type 'Binary'."],
      [{ t: { DataType: 'Date', StringValue: 'v' } }, 'supported type prefixes: Binary, Number, String'],
      [Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, S('v')])), 'Number of message attributes [11] exceeds the allowed maximum [10].'],
    ];
    for (const [attributes, message] of cases) expect(() => validateMessageAttributes(attributes)).toThrow(message);
  });

  it('counts body, names, types and values in a message size', () => {
    expect(messageSize('é', undefined)).toBe(2);
    expect(messageSize('ab', { k: S('vv'), b: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } })).toBe(2 + 1 + 6 + 2 + 1 + 6 + 3);
  });

  it('round-trips receipt handles and rejects garbage', () => {
    const receipt = { queueArn: 'arn:aws:sqs:us-east-1:000000000000:q', messageId: '6f1c2a4e-8d1b-4c5e-9f7a-1b2c3d4e5f60', receiveCount: 3 };
    expect(decodeReceipt(encodeReceipt(receipt))).toEqual(receipt);
    for (const garbage of ['garbage', '', 'AAAA', Buffer.from('a b c').toString('base64')]) expect(decodeReceipt(garbage)).toBeUndefined();
  });

  it('normalizes queue attributes and compares them for idempotent CreateQueue', () => {
    const stored = initialAttributes(false, { VisibilityTimeout: '045', RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d","maxReceiveCount":"5"}' });
    expect(stored.VisibilityTimeout).toBe('45');
    expect(stored.RedrivePolicy).toBe('{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d","maxReceiveCount":5}');
    expect(firstDifference(stored, false, { VisibilityTimeout: '45' })).toBeUndefined();
    expect(firstDifference(stored, false, { DelaySeconds: '0' })).toBeUndefined();
    expect(firstDifference(stored, false, { DelaySeconds: '1' })).toBe('DelaySeconds');
    expect(() => initialAttributes(false, { MessageRetentionPeriod: '1209601' })).toThrow('Invalid value for the parameter MessageRetentionPeriod.');
  });

  it('selects user attributes by All, names and prefixes', () => {
    const attributes = { 'Help.Me': S('1'), Hello: S('2'), General: S('3') };
    expect(pickUserAttributes(attributes, ['.*'])).toBe(attributes);
    expect(Object.keys(pickUserAttributes(attributes, ['Hel.*', 'General']) ?? {})).toEqual(['Help.Me', 'Hello', 'General']);
    expect(pickUserAttributes(attributes, ['Nope', 'AWS.'])).toBeUndefined();
    const selection = selectionOf(['SenderId'], ['SentTimestamp'], []);
    expect([...selection.system]).toEqual(['SenderId', 'SentTimestamp']);
    const fake = { id: 'i', body: 'b', md5: 'm', senderId: 's', sentAt: 5, receiveCount: 1, firstReceivedAt: 6 } as never;
    expect(renderMessage(fake, 'h', selection)).toEqual({ MessageId: 'i', ReceiptHandle: 'h', MD5OfBody: 'm', Body: 'b', Attributes: { SenderId: 's', SentTimestamp: '5' } });
  });
});

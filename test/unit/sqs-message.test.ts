import type { Message as SqsMessage } from '@aws-sdk/client-sqs';
import envelopeFixture from '../fixtures/sns-envelope.moto.json';
import rawFixture from '../fixtures/sns-raw.moto.json';
import { asSnsEnvelope, toMessage, unwrapBody } from '../../src/lib/sqs-message';

/** The fixtures are JSON; the SDK gives BinaryValue as bytes. */
const envelope = envelopeFixture.message as SqsMessage;
const raw = rawFixture.message as SqsMessage;

describe('toMessage', () => {
  it('unwraps an SNS envelope (captured from moto) to the published body and attributes', () => {
    const message = toMessage(envelope, 'fan-out');
    expect(message).toEqual({
      messageId: envelope.MessageId,
      queue: 'fan-out',
      body: '{"orderId":"o-1","total":42.5}',
      json: { orderId: 'o-1', total: 42.5 },
      attributes: [
        { name: 'blob', value: 'AAEC/w==', dataType: 'BINARY' },
        { name: 'kind', value: 'order', dataType: 'STRING' },
        { name: 'tags', value: '["a","b",3]', dataType: 'STRING' },
        { name: 'total', value: '42.5', dataType: 'NUMBER' },
      ],
      receiptHandle: envelope.ReceiptHandle,
      sentAt: new Date(Number(envelope.Attributes!.SentTimestamp)),
      receiveCount: 1,
      groupId: null,
      sequenceNumber: null,
    });
  });

  it('gives the same body and attributes with raw delivery as without', () => {
    const viaRaw = toMessage(raw, 'q');
    const viaEnvelope = toMessage(envelope, 'q');
    expect(viaRaw.body).toBe(viaEnvelope.body);
    expect(viaRaw.json).toEqual(viaEnvelope.json);
    // moto cannot deliver Binary attributes raw, so its raw capture lacks "blob".
    expect(viaRaw.attributes).toEqual(viaEnvelope.attributes.filter((a) => a.name !== 'blob'));
  });

  it('decodes binary attributes to base64 and keeps custom types by their base', () => {
    const message = toMessage(
      {
        MessageId: 'm1',
        Body: 'hi',
        MessageAttributes: {
          bytes: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
          ratio: { DataType: 'Number.float', StringValue: '0.5' },
        },
        Attributes: { MessageGroupId: 'g', SequenceNumber: '18880000000000000001', ApproximateReceiveCount: '3' },
      },
      'q.fifo',
    );
    expect(message).toMatchObject({
      body: 'hi',
      json: null,
      attributes: [
        { name: 'bytes', value: 'AAEC/w==', dataType: 'BINARY' },
        { name: 'ratio', value: '0.5', dataType: 'NUMBER' },
      ],
      receiveCount: 3,
      groupId: 'g',
      sequenceNumber: '18880000000000000001',
      sentAt: null,
    });
  });
});

describe('unwrapBody', () => {
  it('leaves JSON that only looks like an envelope alone', () => {
    const lookalike = JSON.stringify({ Type: 'Notification', Message: 'm' });
    expect(unwrapBody(lookalike, [])).toEqual({ body: lookalike, json: { Type: 'Notification', Message: 'm' }, attributes: [] });
    expect(asSnsEnvelope({ Type: 'Notification', MessageId: 'x', TopicArn: 'not-an-arn', Message: 'm' })).toBeUndefined();
    expect(asSnsEnvelope([1])).toBeUndefined();
  });

  it('gives json null for an unwrapped message that is not JSON', () => {
    const body = JSON.stringify({ Type: 'Notification', MessageId: 'x', TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'plain' });
    expect(unwrapBody(body, [])).toEqual({ body: 'plain', json: null, attributes: [] });
  });
});

import type { MessageAttribute, SnsMessage } from './runtime';
import { sign, SIGNING_CERT_PATH } from './signer';

/** Links every message carries, on the local endpoint. */
export interface Links {
  endpoint: string;
}

export const signingCertUrl = (links: Links): string => `${links.endpoint}${SIGNING_CERT_PATH}`;
export const unsubscribeUrl = (links: Links, subscriptionArn: string): string => `${links.endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
export const subscribeUrl = (links: Links, topicArn: string, token: string): string => `${links.endpoint}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;

/** Message attributes as the JSON envelope shows them: `{Name: {Type, Value}}`, binary values in base64. */
export function envelopeAttributes(attributes: Record<string, MessageAttribute>): Record<string, { Type: string; Value: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [name, { Type: a.DataType, Value: a.BinaryValue ? a.BinaryValue.toString('base64') : a.StringValue ?? '' }]),
  );
}

/**
 * The JSON document SNS delivers to SQS (without raw delivery), HTTP(S) and email-json, with
 * AWS's key order; Subject, SequenceNumber and MessageAttributes only when present.
 */
export function notificationEnvelope(message: SnsMessage, text: string, subscriptionArn: string, links: Links): string {
  const signed = { Type: 'Notification', MessageId: message.messageId, TopicArn: message.topicArn, Subject: message.subject, Message: text, Timestamp: message.timestamp };
  const attributes = envelopeAttributes(message.attributes);
  return JSON.stringify({
    Type: 'Notification',
    MessageId: message.messageId,
    SequenceNumber: message.sequenceNumber,
    TopicArn: message.topicArn,
    Subject: message.subject,
    Message: text,
    Timestamp: message.timestamp,
    SignatureVersion: '1',
    Signature: sign(signed),
    SigningCertURL: signingCertUrl(links),
    UnsubscribeURL: unsubscribeUrl(links, subscriptionArn),
    MessageAttributes: Object.keys(attributes).length ? attributes : undefined,
  });
}

/** The event a Lambda subscription is invoked with; note `SigningCertUrl`/`UnsubscribeUrl`, and Subject null when absent. */
export function lambdaEvent(message: SnsMessage, text: string, subscriptionArn: string, links: Links): string {
  const signed = { Type: 'Notification', MessageId: message.messageId, TopicArn: message.topicArn, Subject: message.subject, Message: text, Timestamp: message.timestamp };
  return JSON.stringify({
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: message.messageId,
          TopicArn: message.topicArn,
          Subject: message.subject ?? null,
          Message: text,
          Timestamp: message.timestamp,
          SignatureVersion: '1',
          Signature: sign(signed),
          SigningCertUrl: signingCertUrl(links),
          UnsubscribeUrl: unsubscribeUrl(links, subscriptionArn),
          MessageAttributes: envelopeAttributes(message.attributes),
        },
      },
    ],
  });
}

export type ConfirmationType = 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

/** The SubscriptionConfirmation (or UnsubscribeConfirmation) document POSTed to HTTP(S) endpoints. */
export function confirmationDocument(type: ConfirmationType, fields: { messageId: string; topicArn: string; subscriptionArn: string; token: string; timestamp: string }, links: Links): string {
  const message =
    type === 'SubscriptionConfirmation'
      ? `You have chosen to subscribe to the topic ${fields.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
      : `You have chosen to deactivate subscription ${fields.subscriptionArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
  const signed = {
    Type: type,
    MessageId: fields.messageId,
    Token: fields.token,
    TopicArn: fields.topicArn,
    Message: message,
    SubscribeURL: subscribeUrl(links, fields.topicArn, fields.token),
    Timestamp: fields.timestamp,
  };
  return JSON.stringify({ ...signed, SignatureVersion: '1', Signature: sign(signed), SigningCertURL: signingCertUrl(links) });
}

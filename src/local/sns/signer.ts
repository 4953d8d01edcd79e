import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** The path under the local endpoint where the public key that verifies message signatures is served. */
export const SIGNING_CERT_PATH = '/_local/sns/SimpleNotificationService.pem';

let keys: { privateKey: KeyObject; publicPem: string } | undefined;

/** One RSA key per process, made on first use: every message is really signed (SHA1withRSA, SignatureVersion 1). */
function processKeys(): { privateKey: KeyObject; publicPem: string } {
  if (!keys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }
  return keys;
}

/** The public key, PEM encoded, that verifies the Signature of every message. */
export function signingKeyPem(): string {
  return processKeys().publicPem;
}

/**
 * The string AWS signs: the message's fields that exist, in this order, each as
 * "Name\nvalue\n" (Notification: Message, MessageId, Subject, Timestamp, TopicArn, Type;
 * confirmations: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type).
 */
export function stringToSign(fields: Record<string, string | undefined>): string {
  const names =
    fields.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return names
    .filter((n) => fields[n] !== undefined)
    .map((n) => `${n}\n${fields[n]}\n`)
    .join('');
}

/** Base64 SHA1withRSA signature of the fields, as in SNS's SignatureVersion 1. */
export function sign(fields: Record<string, string | undefined>): string {
  return createSign('RSA-SHA1').update(stringToSign(fields)).sign(processKeys().privateKey, 'base64');
}

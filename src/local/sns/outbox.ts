import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** An email SNS would send: a subscription confirmation or a notification. */
export interface Email {
  id: string;
  from: string;
  to: string;
  subject: string;
  body: string;
}

/** Encodes a header value that is not plain ASCII as an RFC 2047 word. */
function header(value: string): string {
  const line = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(line) ? line : `=?UTF-8?B?${Buffer.from(line).toString('base64')}?=`;
}

/** The email as an .eml file (RFC 5322, UTF-8 text), readable by any mail client. */
export function formatEmail(email: Email, date = new Date()): string {
  return [
    `From: ${header(email.from)}`,
    `To: ${header(email.to)}`,
    `Subject: ${header(email.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${email.id}@sns.local>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    email.body,
  ].join('\r\n');
}

/**
 * Where emails go instead of a mail server: `.eml` files in `dir` (one per email), or, with
 * no directory, one log line each, so a developer can read them and open confirmation links.
 */
export class Outbox {
  constructor(
    private readonly dir: string | undefined,
    private readonly log: (fields: Record<string, string>, text: string) => void,
  ) {}

  /** Delivers one email; returns the file written, if any. */
  send(email: Email): string | undefined {
    const text = formatEmail(email);
    if (!this.dir) {
      this.log({ to: email.to, subject: email.subject }, text);
      return undefined;
    }
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${email.id}.eml`);
    writeFileSync(file, text);
    return file;
  }
}

export function confirmationEmail(id: string, to: string, topicArn: string, displayName: string, link: string): Email {
  return {
    id,
    from: `${displayName || 'AWS Notifications'} <no-reply@sns.amazonaws.com>`,
    to,
    subject: 'AWS Notification - Subscription Confirmation',
    body: [
      'You have chosen to subscribe to the topic: ',
      topicArn,
      '',
      'To confirm this subscription, click or visit the link below (If this was in error no action is necessary): ',
      link,
      '',
      'Please do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out',
      '',
    ].join('\r\n'),
  };
}

export function notificationEmail(id: string, to: string, displayName: string, subject: string | undefined, text: string, unsubscribe: string | undefined): Email {
  const footer = unsubscribe
    ? ['', '--', 'If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:', unsubscribe, '', 'Please do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support', '']
    : [];
  return { id, from: `${displayName || 'AWS Notifications'} <no-reply@sns.amazonaws.com>`, to, subject: subject ?? 'AWS Notification Message', body: [text, ...footer].join('\r\n') };
}

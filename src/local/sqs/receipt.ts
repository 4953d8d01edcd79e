import { parseArn } from '../../lib/arn';

/** What a receipt handle identifies: one receive (the n-th) of one message of one queue. */
export interface Receipt {
  queueArn: string;
  messageId: string;
  receiveCount: number;
}

/**
 * Encodes a receipt handle. Every receive of a message gets a new handle (the receive count is
 * part of it), and a handle names its queue, so a handle of another queue is told apart from a
 * stale handle of this one.
 */
export function encodeReceipt({ queueArn, messageId, receiveCount }: Receipt): string {
  return Buffer.from(`${messageId} ${queueArn} ${receiveCount}`, 'utf8').toString('base64');
}

/** Decodes a receipt handle, or returns undefined when the text is not one. */
export function decodeReceipt(handle: string): Receipt | undefined {
  if (handle.length === 0 || handle.length > 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const parts = Buffer.from(handle, 'base64').toString('utf8').split(' ');
  if (parts.length !== 3) return undefined;
  const [messageId, queueArn, count] = parts as [string, string, string];
  const receiveCount = Number(count);
  if (!/^[0-9a-f-]{36}$/.test(messageId) || parseArn(queueArn)?.service !== 'sqs' || !Number.isInteger(receiveCount) || receiveCount < 1) return undefined;
  return { queueArn, messageId, receiveCount };
}

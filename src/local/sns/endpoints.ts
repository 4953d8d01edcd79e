import { parseArn } from '../../lib/arn';
import { invalidParameter } from './errors';
import { PROTOCOLS, type Protocol, type Topic } from './state';

/** AWS protocols this local SNS does not deliver to; refused with a message that says so. */
const UNDELIVERED = ['sms', 'application', 'firehose'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a Subscribe protocol. */
export function checkProtocol(protocol: string): Protocol {
  if ((PROTOCOLS as readonly string[]).includes(protocol)) return protocol as Protocol;
  if (UNDELIVERED.includes(protocol)) throw invalidParameter(`Invalid parameter: the local SNS does not deliver to protocol ${protocol}`);
  throw invalidParameter(`Invalid parameter: Amazon SNS does not support this protocol string: ${protocol}`);
}

/** Checks a Subscribe endpoint for its protocol, with AWS's messages. */
export function checkEndpoint(protocol: Protocol, endpoint: string | undefined, topic: Topic): string {
  const value = endpoint ?? '';
  switch (protocol) {
    case 'sqs': {
      const arn = parseArn(value);
      if (arn?.service !== 'sqs' || !/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(arn.resource)) throw invalidParameter('Invalid parameter: SQS endpoint ARN');
      if (arn.resource.endsWith('.fifo') && !topic.fifo) {
        throw invalidParameter('Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
      }
      return value;
    }
    case 'lambda': {
      const arn = parseArn(value);
      if (arn?.service !== 'lambda' || !arn.resource.startsWith('function:')) throw invalidParameter('Invalid parameter: Lambda endpoint ARN');
      return value;
    }
    case 'http':
    case 'https':
      if (!isUrl(value, `${protocol}:`)) throw invalidParameter('Invalid parameter: Endpoint must match the specified protocol');
      return value;
    case 'email':
    case 'email-json':
      if (!EMAIL.test(value)) throw invalidParameter('Invalid parameter: Email address');
      return value;
    default: {
      const unknown: never = protocol;
      throw invalidParameter(`Invalid parameter: Amazon SNS does not support this protocol string: ${String(unknown)}`);
    }
  }
}

function isUrl(text: string, scheme: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === scheme && url.hostname !== '';
  } catch {
    return false;
  }
}

import { ValidationError } from '../errors';

/** The parts of an ARN: arn:partition:service:region:account:resource. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/** Parses an ARN, or returns undefined when the text is not one. */
export function parseArn(text: string): Arn | undefined {
  const m = ARN.exec(text);
  if (!m) return undefined;
  const [, partition, service, region, accountId, resource] = m as unknown as [string, string, string, string, string, string];
  return { partition, service, region, accountId, resource };
}

/** Builds an ARN from its parts. */
export function formatArn({ partition = 'aws', service, region, accountId, resource }: Omit<Arn, 'partition'> & { partition?: string }): string {
  return `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
}

/** A queue's ARN. */
export function queueArn(region: string, accountId: string, name: string): string {
  return formatArn({ service: 'sqs', region, accountId, resource: name });
}

/** A topic's ARN. */
export function topicArn(region: string, accountId: string, name: string): string {
  return formatArn({ service: 'sns', region, accountId, resource: name });
}

/** A function's ARN (unqualified). */
export function functionArn(region: string, accountId: string, name: string): string {
  return formatArn({ service: 'lambda', region, accountId, resource: `function:${name}` });
}

/** What identifies a queue in a queue URL: `https://sqs.us-east-1.amazonaws.com/123456789012/name` or `http://host:port/123456789012/name`. */
export interface QueueUrlParts {
  accountId: string;
  name: string;
  /** The region an AWS host names (sqs.<region>.amazonaws.com, <region>.queue.amazonaws.com); none for other hosts. */
  region?: string;
}

/** SQS's hosts: sqs.<region>.amazonaws.com(.cn), the legacy <region>.queue.amazonaws.com, and queue.amazonaws.com (us-east-1). */
function awsQueueHostRegion(host: string): string | undefined {
  if (host === 'queue.amazonaws.com') return 'us-east-1';
  return /^sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1] ?? /^([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1];
}

/** Parses a queue URL (AWS's or any endpoint's `/<account>/<name>` path), or returns undefined. */
export function parseQueueUrl(text: string): QueueUrlParts | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const m = /^\/(\d{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)\/?$/.exec(url.pathname);
  if (!m) return undefined;
  const region = awsQueueHostRegion(url.hostname);
  return { accountId: m[1] as string, name: m[2] as string, ...(region ? { region } : {}) };
}

/** The name of a queue given by name, URL or ARN. */
export function queueNameOf(ref: string): string {
  return parseQueueUrl(ref)?.name ?? (parseArn(ref)?.service === 'sqs' ? parseArn(ref)!.resource : ref);
}

/** The name of a topic given by name or ARN. */
export function topicNameOf(ref: string): string {
  const arn = parseArn(ref);
  return arn?.service === 'sns' ? arn.resource : ref;
}

/** The account a queue reference names (its ARN's or URL's); undefined for a bare name. */
export function queueAccountOf(ref: string): string | undefined {
  return parseQueueUrl(ref)?.accountId ?? (parseArn(ref)?.service === 'sqs' ? parseArn(ref)?.accountId || undefined : undefined);
}

/**
 * BAD_USER_INPUT on `field` when a reference (an ARN, or an AWS queue URL) names a resource of
 * another region: the API's clients work in one region, where a name of another region's resource
 * would find the local resource of the same name, or nothing.
 */
export function checkRegion(ref: string, field: string, region: string, kind: string): void {
  const other = parseArn(ref)?.region || parseQueueUrl(ref)?.region;
  if (other && other !== region) throw ValidationError.of(field, `${field} is a ${kind} in ${other}; this API works in ${region} (AWS_REGION)`);
}

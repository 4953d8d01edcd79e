import { parseArn } from '../../lib/arn';
import { errors } from './errors';

/** Queue attributes a caller may set, with AWS's defaults (standard queues). */
const DEFAULTS: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

const FIFO_DEFAULTS: Readonly<Record<string, string>> = {
  ...DEFAULTS,
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

/** Integer attributes and their inclusive ranges, as the SetQueueAttributes reference gives them. */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1048576],
  MessageRetentionPeriod: [60, 1209600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43200],
  KmsDataKeyReusePeriodSeconds: [60, 86400],
};

const SETTABLE = new Set([...Object.keys(RANGES), 'Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'SqsManagedSseEnabled']);
const FIFO_ONLY = new Set(['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
/** Computed attributes: readable, never settable. */
export const COMPUTED = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;
/** Every name GetQueueAttributes accepts. */
export const READABLE = new Set<string>(['All', ...SETTABLE, ...FIFO_ONLY, ...COMPUTED]);

/** Attributes that disappear when set back to their default (they are only listed while in use). */
const REMOVED_AT_DEFAULT: Readonly<Record<string, string>> = { KmsMasterKeyId: '', KmsDataKeyReusePeriodSeconds: '300', Policy: '', RedrivePolicy: '', RedriveAllowPolicy: '' };

/** The stored attributes of a new queue: defaults overlaid with the caller's, validated. */
export function initialAttributes(fifo: boolean, given: Record<string, string>): Record<string, string> {
  const attributes = { ...(fifo ? FIFO_DEFAULTS : DEFAULTS) };
  applyAttributes(attributes, fifo, given, true);
  return attributes;
}

/**
 * Validates `given` and writes it into `attributes`. Throws AWS's InvalidAttributeName or
 * InvalidAttributeValue for the first offending attribute; nothing is written then.
 */
export function applyAttributes(attributes: Record<string, string>, fifo: boolean, given: Record<string, string>, creating: boolean): void {
  const normalized: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) normalized[name] = validateAttribute(name, raw, fifo, creating);
  for (const [name, value] of Object.entries(normalized)) {
    if (REMOVED_AT_DEFAULT[name] === value) delete attributes[name];
    else attributes[name] = value;
  }
  // Server-side encryption uses SQS-managed keys or a KMS key, not both.
  if (normalized.KmsMasterKeyId) attributes.SqsManagedSseEnabled = 'false';
  if (normalized.SqsManagedSseEnabled === 'true') {
    delete attributes.KmsMasterKeyId;
    delete attributes.KmsDataKeyReusePeriodSeconds;
  }
}

/** Whether CreateQueue's attributes match an existing queue's; returns the first differing name. */
export function firstDifference(attributes: Record<string, string>, fifo: boolean, given: Record<string, string>): string | undefined {
  const wanted = initialAttributes(fifo, given);
  for (const name of Object.keys(given)) {
    if ((wanted[name] ?? REMOVED_AT_DEFAULT[name] ?? '') !== (attributes[name] ?? REMOVED_AT_DEFAULT[name] ?? '')) return name;
  }
  return undefined;
}

function validateAttribute(name: string, raw: string, fifo: boolean, creating: boolean): string {
  if (typeof raw !== 'string') throw errors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  if (FIFO_ONLY.has(name)) return validateFifoAttribute(name, raw, fifo, creating);
  if (!SETTABLE.has(name)) throw errors.unknownAttribute(name);
  const range = RANGES[name];
  if (range) return validateInteger(name, raw, range);
  switch (name) {
    case 'SqsManagedSseEnabled':
      return validateBoolean(name, raw);
    case 'KmsMasterKeyId':
      return raw;
    case 'Policy':
      return raw === '' ? raw : validateJson(name, raw);
    case 'RedrivePolicy':
      return raw === '' ? raw : validateRedrivePolicy(raw);
    case 'RedriveAllowPolicy':
      return raw === '' ? raw : validateRedriveAllowPolicy(raw);
    default:
      throw errors.unknownAttribute(name);
  }
}

function validateFifoAttribute(name: string, raw: string, fifo: boolean, creating: boolean): string {
  if (!fifo) {
    if (name === 'DeduplicationScope' || name === 'FifoThroughputLimit') throw errors.invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
    throw errors.unknownAttribute(name);
  }
  switch (name) {
    case 'FifoQueue':
      if (raw.toLowerCase() !== 'true') {
        throw errors.invalidAttributeValue(`Invalid value for the parameter FifoQueue. Reason: ${creating ? 'Must be true for a .fifo queue' : 'Modifying queue type is not supported'}.`);
      }
      return 'true';
    case 'ContentBasedDeduplication':
      return validateBoolean(name, raw);
    case 'DeduplicationScope':
      return oneOf(name, raw, ['messageGroup', 'queue']);
    default:
      return oneOf(name, raw, ['perQueue', 'perMessageGroupId']);
  }
}

function validateInteger(name: string, raw: string, [min, max]: readonly [number, number]): string {
  const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw errors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  return String(value);
}

function validateBoolean(name: string, raw: string): string {
  const lower = raw.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw errors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  return lower;
}

function oneOf(name: string, raw: string, allowed: string[]): string {
  if (!allowed.includes(raw)) throw errors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  return raw;
}

function validateJson(name: string, raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return raw;
  } catch {
    // reported below
  }
  throw errors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
}

/** The parsed RedrivePolicy of a queue. */
export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

function validateRedrivePolicy(raw: string): string {
  const invalid = (reason: string) => errors.invalidValue('RedrivePolicy', raw, reason);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('Redrive policy is not a valid JSON map.');
  const target = parsed.deadLetterTargetArn;
  if (target === undefined) throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  if (parsed.maxReceiveCount === undefined) throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  if (typeof target !== 'string' || parseArn(target)?.service !== 'sqs') throw invalid('Invalid value for deadLetterTargetArn.');
  const count = Number(parsed.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid(`Invalid value for maxReceiveCount: ${String(parsed.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`);
  }
  return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: count });
}

function validateRedriveAllowPolicy(raw: string): string {
  const invalid = (reason: string) => errors.invalidValue('RedriveAllowPolicy', raw, reason);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw invalid('Redrive allow policy is not a valid JSON map.');
  }
  const permission = parsed?.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw invalid('Invalid value for redrivePermission. Valid values are allowAll, denyAll and byQueue.');
  }
  const sources = parsed.sourceQueueArns;
  if (permission === 'byQueue') {
    if (!Array.isArray(sources) || sources.length === 0) throw invalid('sourceQueueArns must be specified when redrivePermission is byQueue.');
    if (sources.length > 10) throw invalid('Up to 10 sourceQueueArns can be specified.');
  } else if (sources !== undefined) {
    throw invalid('sourceQueueArns can only be specified when redrivePermission is byQueue.');
  }
  return raw;
}

/** The queue's RedrivePolicy, parsed, or undefined. */
export function redrivePolicyOf(attributes: Record<string, string>): RedrivePolicy | undefined {
  const raw = attributes.RedrivePolicy;
  return raw ? (JSON.parse(raw) as RedrivePolicy) : undefined;
}

import { invalidParameter } from './errors';

/** The retry policy of HTTP(S) deliveries, in AWS's DeliveryPolicy terms (delays in seconds). */
export interface RetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numMaxDelayRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  backoffFunction: 'linear' | 'arithmetic' | 'geometric' | 'exponential';
}

/** What an HTTP(S) delivery follows: retries and the Content-Type of the POST. */
export interface HttpDeliveryPolicy {
  retry: RetryPolicy;
  contentType: string;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numMaxDelayRetries: 0,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  backoffFunction: 'linear',
};
const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';
const BACKOFF = ['linear', 'arithmetic', 'geometric', 'exponential'];
const CONTENT_TYPES = ['text/plain', 'application/json', 'application/xml'];

type Json = Record<string, unknown>;

function parse(text: string, attribute: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // reported below
  }
  throw invalidParameter(`Invalid parameter: ${attribute}: failed to parse JSON.`);
}

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Checks a retry policy against AWS's bounds and fills its defaults. */
function retryPolicy(raw: unknown, attribute: string): RetryPolicy | undefined {
  const given = object(raw);
  if (!given) return undefined;
  const policy = { ...DEFAULT_RETRY_POLICY, ...given } as RetryPolicy;
  const fail = (reason: string) => invalidParameter(`Invalid parameter: ${attribute}: ${reason}`);
  for (const key of ['minDelayTarget', 'maxDelayTarget', 'numRetries', 'numMaxDelayRetries', 'numNoDelayRetries', 'numMinDelayRetries'] as const) {
    if (!Number.isInteger(policy[key]) || policy[key] < 0) throw fail(`${key} must be a non-negative integer`);
  }
  if (!BACKOFF.includes(policy.backoffFunction)) throw fail(`backoffFunction must be one of ${BACKOFF.join(', ')}`);
  if (policy.numRetries > 100) throw fail('numRetries must be at most 100');
  if (policy.minDelayTarget < 1 || policy.minDelayTarget > policy.maxDelayTarget) throw fail('minDelayTarget must be between 1 and maxDelayTarget');
  if (policy.maxDelayTarget > 3600) throw fail('maxDelayTarget must be at most 3600');
  if (policy.numNoDelayRetries + policy.numMinDelayRetries + policy.numMaxDelayRetries > policy.numRetries) {
    throw fail('numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed numRetries');
  }
  return policy;
}

function contentType(raw: unknown, attribute: string): string | undefined {
  const value = object(raw)?.headerContentType;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !CONTENT_TYPES.includes(value.split(';')[0]?.trim() ?? '')) {
    throw invalidParameter(`Invalid parameter: ${attribute}: headerContentType must be one of ${CONTENT_TYPES.join(', ')}`);
  }
  return value;
}

/** Validates a topic's DeliveryPolicy (`{"http": {...}}`); throws InvalidParameter. */
export function validateTopicDeliveryPolicy(text: string): void {
  const http = object(parse(text, 'DeliveryPolicy').http);
  retryPolicy(http?.defaultHealthyRetryPolicy, 'DeliveryPolicy');
  contentType(http?.defaultRequestPolicy, 'DeliveryPolicy');
}

/** Validates a subscription's DeliveryPolicy (`{"healthyRetryPolicy": {...}}`); throws InvalidParameter. */
export function validateSubscriptionDeliveryPolicy(text: string): void {
  const policy = parse(text, 'DeliveryPolicy');
  retryPolicy(policy.healthyRetryPolicy, 'DeliveryPolicy');
  contentType(policy.requestPolicy, 'DeliveryPolicy');
}

/** The topic's EffectiveDeliveryPolicy attribute: its DeliveryPolicy over AWS's defaults. */
export function effectiveTopicPolicy(topicPolicy: string | undefined): string {
  const http = object(topicPolicy ? object(JSON.parse(topicPolicy))?.http : undefined) ?? {};
  const retry = retryPolicy(http.defaultHealthyRetryPolicy, 'DeliveryPolicy') ?? DEFAULT_RETRY_POLICY;
  return JSON.stringify({
    http: {
      defaultHealthyRetryPolicy: retry,
      disableSubscriptionOverrides: http.disableSubscriptionOverrides === true,
      ...(http.defaultThrottlePolicy ? { defaultThrottlePolicy: http.defaultThrottlePolicy } : {}),
      defaultRequestPolicy: { headerContentType: contentType(http.defaultRequestPolicy, 'DeliveryPolicy') ?? DEFAULT_CONTENT_TYPE },
    },
  });
}

/** What an HTTP(S) subscription follows: its own policy unless the topic forbids overrides, else the topic's. */
export function httpDeliveryPolicy(topicPolicy: string | undefined, subscriptionPolicy: string | undefined): HttpDeliveryPolicy {
  const topic = object(JSON.parse(effectiveTopicPolicy(topicPolicy)).http) as Json;
  const sub = subscriptionPolicy && topic.disableSubscriptionOverrides !== true ? object(JSON.parse(subscriptionPolicy)) : undefined;
  return {
    retry: retryPolicy(sub?.healthyRetryPolicy, 'DeliveryPolicy') ?? (topic.defaultHealthyRetryPolicy as RetryPolicy),
    contentType: contentType(sub?.requestPolicy, 'DeliveryPolicy') ?? (object(topic.defaultRequestPolicy)?.headerContentType as string),
  };
}

/**
 * The waits (in ms) before each retry: the immediate ones, those at the minimum delay, the
 * backoff phase from minimum to maximum along the backoff function, then those at the maximum.
 */
export function retryDelays(policy: RetryPolicy): number[] {
  const { minDelayTarget: min, maxDelayTarget: max, numNoDelayRetries, numMinDelayRetries, numMaxDelayRetries } = policy;
  const backoff = Math.max(0, policy.numRetries - numNoDelayRetries - numMinDelayRetries - numMaxDelayRetries);
  const curve = (k: number): number => {
    const t = k / backoff;
    switch (policy.backoffFunction) {
      case 'linear':
        return min + (max - min) * t;
      case 'arithmetic':
        return min + ((max - min) * k * (k + 1)) / (backoff * (backoff + 1));
      case 'geometric':
        return min * Math.pow(max / min, t);
      case 'exponential':
        return min + ((max - min) * (Math.pow(2, k) - 1)) / (Math.pow(2, backoff) - 1);
      default:
        return max;
    }
  };
  const seconds = [
    ...Array<number>(numNoDelayRetries).fill(0),
    ...Array<number>(numMinDelayRetries).fill(min),
    ...Array.from({ length: backoff }, (_, i) => curve(i + 1)),
    ...Array<number>(numMaxDelayRetries).fill(max),
  ];
  return seconds.map((s) => Math.round(s * 1000));
}

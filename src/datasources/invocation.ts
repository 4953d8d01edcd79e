import type { InvocationType as SdkInvocationType, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { ForbiddenError, isThrottling, isUnavailable, NotFoundError, ThrottledError, translateAwsError, UpstreamUnavailableError, ValidationError } from '../errors';
import { FUNCTION_REF } from '../types/function.input';
import { InvocationType, type InvocationResult } from '../types/function.type';

/**
 * Request payload limits checked before the call, as the Invoke API reference gives them:
 * 6 MB synchronous, 1 MB for EVENT (raised from 256 KB in 2025; the local Lambda holds the same).
 */
export const PAYLOAD_LIMITS: Record<InvocationType, number> = {
  [InvocationType.REQUEST_RESPONSE]: 6 * 1024 * 1024,
  [InvocationType.DRY_RUN]: 6 * 1024 * 1024,
  [InvocationType.EVENT]: 1024 * 1024,
};

export const SDK_INVOCATION_TYPES: Record<InvocationType, SdkInvocationType> = {
  [InvocationType.REQUEST_RESPONSE]: 'RequestResponse',
  [InvocationType.EVENT]: 'Event',
  [InvocationType.DRY_RUN]: 'DryRun',
};

/** The bare function name of a name, `name:qualifier`, partial ARN or ARN: the key of its statistics. */
export function functionNameOf(ref: string): string {
  return FUNCTION_REF.exec(ref)?.[7] ?? ref;
}

/** Serializes a payload (`{}` when omitted), refusing more than Lambda accepts before any call is made. */
export function encodePayload(payload: unknown, type: InvocationType): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(payload === undefined ? {} : payload), 'utf8');
  const limit = PAYLOAD_LIMITS[type];
  if (bytes.length > limit) {
    throw ValidationError.of('payload', `is ${bytes.length} bytes; Lambda accepts at most ${limit} bytes for ${type}`);
  }
  return bytes;
}

/** A result payload: parsed as JSON, the text itself when it is not JSON, null when empty. */
export function decodePayload(bytes: Uint8Array | undefined): unknown {
  const text = bytes?.length ? Buffer.from(bytes).toString('utf8') : '';
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** errorMessage and errorType of a function error payload (Node and Python runtimes both use these keys). */
export function functionErrorOf(payload: unknown): { errorMessage: string | null; errorType: string | null } {
  if (typeof payload === 'string') return { errorMessage: payload, errorType: null };
  const body = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { errorMessage: text(body.errorMessage), errorType: text(body.errorType) };
}

/** Turns Lambda's Invoke output into the API's result (without the attempts and duration the invoker adds). */
export function resultOf(output: InvokeCommandOutput, type: InvocationType, logTail: boolean): Omit<InvocationResult, 'durationMs' | 'attempts'> {
  const synchronous = type === InvocationType.REQUEST_RESPONSE;
  const payload = synchronous ? decodePayload(output.Payload) : null;
  const functionError = output.FunctionError ?? null;
  return {
    success: !functionError,
    statusCode: output.StatusCode ?? 200,
    functionError,
    payload,
    ...(functionError ? functionErrorOf(payload) : { errorMessage: null, errorType: null }),
    logTail: logTail && output.LogResult ? Buffer.from(output.LogResult, 'base64').toString('utf8') : null,
    executedVersion: output.ExecutedVersion ?? null,
  };
}

/**
 * Lambda's service-side failures that are worth another attempt. They are 5xx already; the
 * names are listed for backends that send the name without the status.
 */
const SERVICE_ERRORS = new Set([
  'ServiceException',
  'EC2ThrottledException',
  'EC2UnexpectedException',
  'ENILimitReachedException',
  'SubnetIPAddressLimitReachedException',
  'ResourceNotReadyException',
]);

/** Retry on throttling (429), service errors (5xx) and network failures; never on 4xx or function errors. */
export function isRetryableInvokeError(err: unknown): boolean {
  return isThrottling(err) || isUnavailable(err) || SERVICE_ERRORS.has((err as Error)?.name);
}

/** The single mapping of an Invoke failure, after all retries, to the API's errors. */
export function translateInvokeError(err: unknown, ref: string, qualifier: string | undefined, attempts: number): unknown {
  const name = (err as Error)?.name;
  const what = qualifier ? `${ref} (qualifier ${qualifier})` : ref;
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  if (name === 'ResourceNotFoundException') return new NotFoundError(`Function ${what} does not exist`, { cause: err });
  if (isThrottling(err)) return new ThrottledError(`Lambda throttled ${what} on ${tries}; try again shortly`, { cause: err });
  if (isRetryableInvokeError(err)) return new UpstreamUnavailableError(`Lambda is unavailable for ${what} after ${tries}`, { cause: err });
  if (name === 'RequestTooLargeException' || statusOf(err) === 413) return ValidationError.of('payload', 'is larger than Lambda accepts');
  if (name === 'InvalidRequestContentException') return ValidationError.of('payload', 'was refused by Lambda as invalid JSON');
  if (name === 'InvalidParameterValueException' || name === 'ValidationException') return ValidationError.of(refusedField((err as Error).message), `was refused by Lambda: ${(err as Error).message}`);
  if (name === 'AccessDeniedException') return new ForbiddenError(`Not allowed to invoke ${what}`, { cause: err });
  return translateAwsError(err, `invoking ${what}`);
}

/** The input field a Lambda validation message is about: the qualifier, the function name, else the input as a whole. */
function refusedField(message: string): string {
  if (/qualifier/i.test(message)) return 'qualifier';
  if (/functionName|function name/i.test(message)) return 'function';
  return 'input';
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

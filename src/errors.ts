import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError as ClassValidatorError } from 'class-validator';
import { withoutValue } from './lib/without-value';

/** The client-facing codes of the contract (extensions.code). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'THROTTLED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  field: string;
  message: string;
}

/** Base of every error the API means to show a client. `cause` keeps the AWS error for the log. */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** AppSync-style name, reported as extensions.errorType. */
  abstract readonly errorType: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly code = 'BAD_USER_INPUT';
  readonly errorType = 'ValidationError';
  constructor(readonly fields: FieldError[], message = describeFields(fields)) {
    super(message);
  }
  /** One offending field. */
  static of(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly errorType = 'NotFound';
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  readonly errorType = 'Conflict';
}

export class PreconditionFailedError extends AppError {
  readonly code = 'PRECONDITION_FAILED';
  readonly errorType = 'PreconditionFailed';
}

export class ThrottledError extends AppError {
  readonly code = 'THROTTLED';
  readonly errorType = 'Throttled';
}

export class UpstreamUnavailableError extends AppError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly errorType = 'UpstreamUnavailable';
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  readonly errorType = 'Forbidden';
}

/** `Invalid input: a.b must be ...; c: ...`; a message that starts with its field's last name (as class-validator's do) is not prefixed twice. */
export function describeFields(fields: FieldError[], lead = 'Invalid input: '): string {
  return `${lead}${fields.map(describeField).join('; ')}`;
}

function describeField({ field, message }: FieldError): string {
  const last = field.split('.').pop() ?? field;
  return message.startsWith(`${last} `) ? `${field}${message.slice(last.length)}` : `${field}: ${message}`;
}

/** Flattens class-validator's nested errors into `path.to.field: message` entries, never echoing values. */
export function fieldsOf(errors: readonly ClassValidatorError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldsOf(e.children ?? [], field)];
  });
}

/** A variable that does not fit its type: a message that names it and the path inside it, never its value, and its fields. */
export interface VariableError {
  message: string;
  fields: FieldError[];
}

const INVALID_VALUE = /^Variable "\$([_A-Za-z]\w*)" got invalid value /;
/** The ` at "i.items[0]"` that follows graphql-js's inspected value when the problem is inside it. */
const AT_PATH = / at "([_A-Za-z]\w*(?:\.[_A-Za-z]\w*|\[\d+\])*)"$/;

/**
 * graphql-js's message for a variable that does not fit its type, rewritten without the value it
 * quotes (`got invalid value { email: "p@x.io", ... } at "i"; reason` becomes `got invalid value at
 * "i": reason`) and with the reason also rid of the value a scalar or enum quotes (withoutValue),
 * with `{ field, message }` entries (`$i.age`: the variable and the path inside it); undefined for
 * any other message. `reason` is the coercion error's own message (the original error graphql-js
 * keeps): with it the value is cut out exactly, whatever it contains.
 */
export function variableError(message: string, reason?: string): VariableError | undefined {
  const invalid = INVALID_VALUE.exec(message);
  if (invalid) {
    const name = invalid[1] ?? '';
    const cut = reason !== undefined && message.endsWith(`; ${reason}`) ? { rest: message.slice(invalid[0].length, -reason.length - 2), reason } : splitAtReason(message.slice(invalid[0].length));
    const at = AT_PATH.exec(cut.rest)?.[1] ?? name;
    const unknown = /^Field "([^"]+)" is not defined by type "([^"]+)"/.exec(cut.reason);
    const shown = unknown ? `${at}.${unknown[1]}` : at;
    const field = `$${shown.replace(/\[(\d+)\]/g, '.$1')}`;
    const why = withoutValue(cut.reason);
    return {
      message: `Variable "$${name}" got invalid value${shown === name ? '' : ` at "${shown}"`}: ${why}`,
      fields: [{ field, message: unknown ? `is not a field of ${unknown[2]}` : why }],
    };
  }
  const absent = /^Variable "\$([^"]+)" of (?:required|non-null) type "([^"]+)" (was not provided|must not be null)\.$/.exec(message);
  if (absent) return { message, fields: [{ field: `$${absent[1]}`, message: `${absent[3]} (type ${absent[2]})` }] };
  return undefined;
}

/** Without the coercion error's message, a best guess: the value ends at the first `; ` (the value may hold one too). */
function splitAtReason(rest: string): { rest: string; reason: string } {
  const parts = /^(.*?(?: at "[^"]+")?); (.*)$/s.exec(rest);
  return parts ? { rest: parts[1] ?? '', reason: parts[2] ?? '' } : { rest, reason: rest };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'ThrottledException',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'TimeoutError']);

/** Whether an AWS SDK error is throttling. */
export function isThrottling(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return THROTTLING.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

/** Whether an error means AWS could not be reached or answered with a 5xx. */
export function isUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode ?? 0;
  return NETWORK.has(e?.code ?? '') || NETWORK.has(e?.name ?? '') || status >= 500 || (e?.name === 'Error' && /ECONNREFUSED|socket hang up/.test(String((err as Error).message)));
}

/** The network error code of a failed call (ECONNREFUSED, ENOTFOUND...), also when the SDK wrapped the error and kept the code only in its message. */
export function networkCode(err: unknown): string | undefined {
  const e = err as { code?: string; name?: string; message?: string } | undefined;
  if (e?.code && NETWORK.has(e.code)) return e.code;
  if (e?.name && NETWORK.has(e.name)) return e.name;
  return /\b(E[A-Z]{4,}|socket hang up)\b/.exec(String(e?.message ?? ''))?.[1];
}

/**
 * Translates what is left of an AWS error after a datasource had its say: throttling and an
 * unreachable service get their codes; anything else stays as it is (and is masked as internal).
 */
export function translateAwsError(err: unknown, what: string): unknown {
  if (err instanceof AppError) return err;
  if (isThrottling(err)) return new ThrottledError(`AWS throttled ${what}; try again shortly`, { cause: err });
  if (isUnavailable(err)) return new UpstreamUnavailableError(`AWS is unavailable for ${what}`, { cause: err });
  return err;
}

export interface FormatOptions {
  debug: boolean;
  log: (err: unknown) => void;
}

/**
 * The one place a thrown value becomes a client error: AppErrors keep their message and code,
 * argument validation becomes BAD_USER_INPUT with fields, GraphQL's own errors pass, and
 * anything else is logged and masked.
 */
export function formatError(options: FormatOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof ArgumentValidationError) {
      const fields = fieldsOf(original.extensions.validationErrors as ClassValidatorError[]);
      return { ...base, message: describeFields(fields), extensions: { code: 'BAD_USER_INPUT', errorType: 'ValidationError', fields } };
    }
    if (original instanceof ValidationError) {
      return { ...base, message: original.message, extensions: { code: original.code, errorType: original.errorType, fields: original.fields } };
    }
    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: { code: original.code, errorType: original.errorType, ...debugOf(original, options) } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      // Apollo's and graphql-js's own errors (parse, validation, bad variables) keep their codes; a bad variable's
      // BAD_USER_INPUT gets the fields every BAD_USER_INPUT carries.
      const variable = code === 'BAD_USER_INPUT' && !formatted.extensions?.fields ? variableError(formatted.message, reasonOf(error)) : undefined;
      const fields = formatted.extensions?.fields ?? variable?.fields;
      return { ...formatted, message: variable?.message ?? formatted.message, extensions: { code, ...(fields ? { fields } : {}) } };
    }
    options.log(original);
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', errorType: 'InternalError', ...debugOf(original, options) } };
  };
}

/** The message of the coercion error a variable error wraps (graphql-js keeps it as the original error; Apollo passes it on). */
export function reasonOf(error: unknown): string | undefined {
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  return original instanceof Error ? original.message : undefined;
}

function debugOf(err: unknown, { debug }: FormatOptions): Record<string, unknown> {
  if (!debug || !(err instanceof Error)) return {};
  const cause = err.cause as { name?: string; message?: string; $metadata?: { requestId?: string } } | undefined;
  return {
    debug: {
      stack: err.stack,
      cause: cause ? { name: cause.name, message: cause.message, requestId: cause.$metadata?.requestId } : undefined,
    },
  };
}

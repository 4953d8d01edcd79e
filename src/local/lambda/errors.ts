import type { ServerResponse } from 'node:http';
import { requestId } from '../http';

/** Lambda's REST-JSON error names with their HTTP status, as botocore's lambda model lists them. */
const STATUS = {
  InvalidParameterValueException: 400,
  InvalidRequestContentException: 400,
  ValidationException: 400,
  PolicyLengthExceededException: 400,
  UnknownOperationException: 404,
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  PreconditionFailedException: 412,
  RequestEntityTooLargeException: 413,
  UnsupportedMediaTypeException: 415,
  TooManyRequestsException: 429,
  ServiceException: 500,
} as const;

export type LambdaErrorType = keyof typeof STATUS;

/**
 * The model spells the message member `Message` for some exceptions and `message` for others;
 * AWS answers with the model's spelling, so we do too (SDKs read either).
 */
const CAPITAL_MESSAGE = new Set<LambdaErrorType>(['ResourceNotFoundException', 'ServiceException']);

/** An error the local Lambda answers with AWS's status, x-amzn-ErrorType header and `{Type, message}` body. */
export class LambdaError extends Error {
  readonly status: number;
  constructor(
    readonly type: LambdaErrorType,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
    this.status = STATUS[type];
  }

  /** The JSON body AWS sends for this error. */
  body(): Record<string, string> {
    const key = CAPITAL_MESSAGE.has(this.type) ? 'Message' : 'message';
    return { Type: this.status >= 500 ? 'Service' : 'User', [key]: this.message, ...this.extra };
  }
}

/** `Function not found: arn...` as AWS words it for an unknown function or qualifier. */
export function functionNotFound(arn: string): LambdaError {
  return new LambdaError('ResourceNotFoundException', `Function not found: ${arn}`);
}

/** AWS's wording for a value that breaks a modelled constraint. */
export function validationError(problems: string[]): LambdaError {
  const count = problems.length === 1 ? '1 validation error detected' : `${problems.length} validation errors detected`;
  return new LambdaError('ValidationException', `${count}: ${problems.join('; ')}`);
}

/** Writes a LambdaError as AWS does. */
export function sendLambdaError(res: ServerResponse, err: LambdaError, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(err.body());
  res.writeHead(err.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId(),
    'x-amzn-ErrorType': err.type,
    ...headers,
  });
  res.end(text);
}

/** An SNS error as AWS sends it: code, HTTP status and Sender/Receiver fault. */
export class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = 'SnsError';
  }
}

/** InvalidParameter (400), the error SNS gives for most bad input; the message carries AWS's "Invalid parameter: ..." text. */
export function invalidParameter(message: string): SnsError {
  return new SnsError('InvalidParameter', message);
}

/** ParameterValueInvalid (400), SNS's code for bad message attributes. */
export function invalidParameterValue(message: string): SnsError {
  return new SnsError('ParameterValueInvalid', message);
}

/** ValidationError (400) for a required member that is missing, in AWS's wording. */
export function missingMember(path: string): SnsError {
  return new SnsError('ValidationError', `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
}

export const topicNotFound = (): SnsError => new SnsError('NotFound', 'Topic does not exist', 404);
export const subscriptionNotFound = (): SnsError => new SnsError('NotFound', 'Subscription does not exist', 404);
export const resourceNotFound = (): SnsError => new SnsError('ResourceNotFound', 'Resource does not exist', 404);

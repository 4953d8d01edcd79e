/**
 * SQS errors as AWS sends them. The JSON protocol names the error shape in `__type`
 * (`com.amazonaws.sqs#QueueDoesNotExist`) and, because SQS was a query-protocol service first,
 * also sends the old query code in `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`;
 * botocore and the JS SDK read that header to report the code callers have always seen.
 * Status codes and query codes follow the service model's awsQueryError traits.
 */
export class SqsError extends Error {
  constructor(
    /** Shape name, e.g. QueueDoesNotExist or InvalidParameterValueException. */
    readonly shape: string,
    /** The query-protocol code, e.g. AWS.SimpleQueueService.NonExistentQueue. */
    readonly code: string,
    readonly status: number,
    message: string,
    /** Namespace of `__type`: modelled errors are SQS's own, generic ones come from the service framework. */
    readonly namespace: 'com.amazonaws.sqs' | 'com.amazon.coral.service' = 'com.amazonaws.sqs',
    readonly senderFault = true,
  ) {
    super(message);
  }

  /** The `__type` of a JSON error body. */
  get type(): string {
    return `${this.namespace}#${this.shape}`;
  }
}

const PREFIX = 'AWS.SimpleQueueService.';

function modelled(shape: string, code: string, status: number, message: string): SqsError {
  return new SqsError(shape, code, status, message);
}

export const errors = {
  queueDoesNotExist: (message = 'The specified queue does not exist.') => modelled('QueueDoesNotExist', `${PREFIX}NonExistentQueue`, 400, message),
  queueNameExists: (attribute: string) =>
    modelled('QueueNameExists', 'QueueAlreadyExists', 400, `A queue already exists with the same name and a different value for attribute ${attribute}`),
  queueDeletedRecently: () =>
    modelled('QueueDeletedRecently', `${PREFIX}QueueDeletedRecently`, 400, 'You must wait 60 seconds after deleting a queue before you can create another with the same name.'),
  purgeInProgress: (name: string) =>
    modelled('PurgeQueueInProgress', `${PREFIX}PurgeQueueInProgress`, 403, `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`),
  invalidAttributeName: (message: string) => modelled('InvalidAttributeName', 'InvalidAttributeName', 400, message),
  unknownAttribute: (name: string) => modelled('InvalidAttributeName', 'InvalidAttributeName', 400, `Unknown Attribute ${name}.`),
  invalidAttributeValue: (message: string) => modelled('InvalidAttributeValue', 'InvalidAttributeValue', 400, message),
  receiptHandleIsInvalid: (handle: string) =>
    modelled('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404, `The input receipt handle "${handle}" is not a valid receipt handle.`),
  messageNotInflight: () => modelled('MessageNotInflight', `${PREFIX}MessageNotInflight`, 400, 'The specified message isn\'t in flight.'),
  emptyBatch: (entry: string) =>
    modelled('EmptyBatchRequest', `${PREFIX}EmptyBatchRequest`, 400, `There should be at least one ${entry} in the request.`),
  tooManyEntries: (count: number) =>
    modelled('TooManyEntriesInBatchRequest', `${PREFIX}TooManyEntriesInBatchRequest`, 400, `Maximum number of entries per request are 10. You have sent ${count}.`),
  batchIdsNotDistinct: (id: string) => modelled('BatchEntryIdsNotDistinct', `${PREFIX}BatchEntryIdsNotDistinct`, 400, `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    modelled(
      'InvalidBatchEntryId',
      `${PREFIX}InvalidBatchEntryId`,
      400,
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchTooLong: (limit: number, sent: number) =>
    modelled('BatchRequestTooLong', `${PREFIX}BatchRequestTooLong`, 400, `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`),
  invalidMessageContents: () =>
    modelled(
      'InvalidMessageContents',
      'InvalidMessageContents',
      400,
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    ),
  invalidAddress: (address: string) => modelled('InvalidAddress', 'InvalidAddress', 404, `The address ${address} is not valid for this endpoint.`),
  unsupportedOperation: (message: string) => modelled('UnsupportedOperation', `${PREFIX}UnsupportedOperation`, 400, message),
  resourceNotFound: (message: string) => modelled('ResourceNotFoundException', 'ResourceNotFoundException', 404, message),
  invalidParameter: (message: string) =>
    new SqsError('InvalidParameterValueException', 'InvalidParameterValue', 400, message, 'com.amazon.coral.service'),
  /** `Value X for parameter P is invalid. Reason: R` — AWS's wording for one bad parameter. */
  invalidValue: (parameter: string, value: unknown, reason: string) =>
    errors.invalidParameter(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`),
  missingParameter: (parameter: string) =>
    new SqsError('MissingRequiredParameterException', 'MissingParameter', 400, `The request must contain the parameter ${parameter}.`, 'com.amazon.coral.service'),
  serialization: (message: string) => new SqsError('SerializationException', 'SerializationException', 400, message, 'com.amazon.coral.service'),
  unknownOperation: (message: string) => new SqsError('UnknownOperationException', 'InvalidAction', 400, message, 'com.amazon.coral.service'),
  internal: () => new SqsError('InternalFailure', 'InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.', 'com.amazon.coral.service', false),
};

import { ConflictError, NotFoundError, ThrottledError, ValidationError, translateAwsError } from '../errors';

/** What an SQS call was about, for the error a client sees. */
export interface SqsCallContext {
  /** e.g. `sendMessage`. */
  what: string;
  /** The queue's name, for NOT_FOUND and CONFLICT messages. */
  queue?: string;
  /** The input field an AWS validation error is reported under when AWS's message names none (default `input`). */
  field?: string;
}

/** SDK v3 names its errors by shape; query-protocol backends may still send the legacy codes. */
const ALIASES: Record<string, string> = {
  'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExist',
  QueueAlreadyExists: 'QueueNameExists',
  'AWS.SimpleQueueService.QueueDeletedRecently': 'QueueDeletedRecently',
  'AWS.SimpleQueueService.PurgeQueueInProgress': 'PurgeQueueInProgress',
  'AWS.SimpleQueueService.MessageNotInflight': 'MessageNotInflight',
  'AWS.SimpleQueueService.UnsupportedOperation': 'UnsupportedOperation',
  'AWS.SimpleQueueService.BatchEntryIdsNotDistinct': 'BatchEntryIdsNotDistinct',
  'AWS.SimpleQueueService.TooManyEntriesInBatchRequest': 'TooManyEntriesInBatchRequest',
  'AWS.SimpleQueueService.BatchRequestTooLong': 'BatchRequestTooLong',
  'AWS.SimpleQueueService.InvalidBatchEntryId': 'InvalidBatchEntryId',
  'AWS.SimpleQueueService.EmptyBatchRequest': 'EmptyBatchRequest',
};

/** Errors that mean the request itself was wrong: BAD_USER_INPUT with AWS's explanation. */
const SENDER = new Set([
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'InvalidAttributeValue',
  'InvalidAttributeName',
  'MissingParameter',
  'InvalidMessageContents',
  'InvalidIdFormat',
  'InvalidAddress',
  'UnsupportedOperation',
  'BatchEntryIdsNotDistinct',
  'TooManyEntriesInBatchRequest',
  'BatchRequestTooLong',
  'InvalidBatchEntryId',
  'EmptyBatchRequest',
]);

/** Errors that pass once the caller waits: too many in-flight messages, KMS throttling. */
const RETRY_LATER = new Set(['OverLimit', 'KmsThrottled', 'RequestThrottled']);

/** AWS parameter names in error messages, and the API fields they stand for. */
const PARAMETERS: Array<[RegExp, string]> = [
  [/MessageDeduplicationId|ContentBasedDeduplication/, 'deduplicationId'],
  [/MessageGroupId/, 'groupId'],
  [/DelaySeconds/, 'delaySeconds'],
  [/VisibilityTimeout/, 'visibilityTimeout'],
  [/MessageBody|Message must be shorter|message size/i, 'body'],
  [/MessageAttribute/, 'attributes'],
];

/** The API field an AWS validation message is about, when it names one. */
export function fieldOf(awsMessage: string): string | undefined {
  return PARAMETERS.find(([pattern]) => pattern.test(awsMessage))?.[1];
}

/** The SDK error's name with legacy codes folded in. */
export function sqsErrorName(err: unknown): string {
  const e = err as { name?: string; Code?: string } | undefined;
  const raw = e?.Code && ALIASES[e.Code] ? e.Code : (e?.name ?? '');
  return ALIASES[raw] ?? raw;
}

/**
 * The one mapping from an SQS error to the API's errors. Decisions:
 * - PurgeQueueInProgress is THROTTLED: AWS allows one purge per queue every 60 seconds, and the
 *   same call succeeds once that time has passed.
 * - ReceiptHandleIsInvalid is BAD_USER_INPUT on `receiptHandle` (the text is not a handle of
 *   this queue); MessageNotInflight is NOT_FOUND (the handle was real, but no message is in
 *   flight under it any more: it was deleted or its visibility timeout ran out).
 * - QueueNameExists (same name, other attributes) and QueueDeletedRecently are CONFLICT.
 */
export function sqsError(err: unknown, { what, queue, field }: SqsCallContext): unknown {
  const awsMessage = (err as Error | undefined)?.message ?? '';
  // AWS answers ChangeMessageVisibility on a deleted message with InvalidParameterValue.
  const name = /Message does not exist or is not available/i.test(awsMessage) ? 'MessageGone' : sqsErrorName(err);
  const label = queue ? `queue ${queue}` : 'the queue';
  switch (name) {
    case 'QueueDoesNotExist':
      return new NotFoundError(`${queue ? `Queue ${queue}` : 'The queue'} does not exist`, { cause: err });
    case 'QueueNameExists':
      return new ConflictError(`${label} already exists with different attributes`, { cause: err });
    case 'QueueDeletedRecently':
      return new ConflictError(`${label} was deleted less than 60 seconds ago; AWS refuses to create it again until then`, { cause: err });
    case 'PurgeQueueInProgress':
      return new ThrottledError(`${label} is already being purged; AWS allows one purge per queue every 60 seconds`, { cause: err });
    case 'ReceiptHandleIsInvalid':
      return new ValidationError([{ field: 'receiptHandle', message: `receiptHandle is not a valid receipt handle of ${label}` }]);
    case 'MessageNotInflight':
    case 'MessageGone':
      return new NotFoundError(`No message of ${label} is in flight under this receipt handle (deleted, or its visibility timeout ran out)`, { cause: err });
    default:
      if (SENDER.has(name)) return new ValidationError([{ field: fieldOf(awsMessage) ?? field ?? 'input', message: `${what} was refused by SQS: ${awsMessage || name}` }]);
      if (RETRY_LATER.has(name)) return new ThrottledError(`SQS refused ${what} for now (${name}); try again shortly`, { cause: err });
      return translateAwsError(err, what);
  }
}

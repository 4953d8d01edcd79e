import { fieldOf, sqsError } from '../../src/datasources/sqs-errors';
import { AppError, describeFields, ValidationError } from '../../src/errors';

const awsError = (name: string, message = name, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });
const codeOf = (err: unknown) => (err instanceof AppError ? err.code : 'unmapped');

describe('sqsError', () => {
  it.each([
    ['QueueDoesNotExist', 'NOT_FOUND'],
    ['QueueNameExists', 'CONFLICT'],
    ['QueueDeletedRecently', 'CONFLICT'],
    ['PurgeQueueInProgress', 'THROTTLED'],
    ['ReceiptHandleIsInvalid', 'BAD_USER_INPUT'],
    ['MessageNotInflight', 'NOT_FOUND'],
    ['InvalidParameterValue', 'BAD_USER_INPUT'],
    ['OverLimit', 'THROTTLED'],
    ['KmsThrottled', 'THROTTLED'],
    ['RequestThrottled', 'THROTTLED'],
  ])('maps %s to %s', (name, code) => {
    expect(codeOf(sqsError(awsError(name), { what: 'x', queue: 'q' }))).toBe(code);
  });

  it('folds legacy query-protocol codes into the SDK names', () => {
    expect(codeOf(sqsError(awsError('SQSServiceException', 'gone', { Code: 'AWS.SimpleQueueService.NonExistentQueue' }), { what: 'x' }))).toBe('NOT_FOUND');
    expect(codeOf(sqsError(awsError('QueueAlreadyExists'), { what: 'x' }))).toBe('CONFLICT');
  });

  it("treats AWS's 'message does not exist' on a visibility change as NOT_FOUND", () => {
    const err = awsError('InvalidParameterValue', 'Value x for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.');
    expect(codeOf(sqsError(err, { what: 'changeMessageVisibility', queue: 'q' }))).toBe('NOT_FOUND');
  });

  it('reports AWS validation errors on the field AWS names, else the given one', () => {
    const delay = sqsError(awsError('InvalidParameterValue', 'Value 901 for parameter DelaySeconds is invalid.'), { what: 'sendMessage', field: 'input' });
    expect((delay as ValidationError).fields[0]?.field).toBe('delaySeconds');
    const other = sqsError(awsError('InvalidParameterValue', 'Source queue must be configured as a Dead Letter Queue.'), { what: 'redriveMessages', field: 'deadLetterQueue' });
    expect((other as ValidationError).fields[0]?.field).toBe('deadLetterQueue');
    expect(fieldOf('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly')).toBe('deduplicationId');
  });

  it('leaves unknown errors to be masked as internal', () => {
    const err = awsError('SomethingNew');
    expect(sqsError(err, { what: 'x' })).toBe(err);
  });
});

describe('describeFields', () => {
  it('names each field once, with its full path', () => {
    expect(
      describeFields([
        { field: 'deadLetter.maxReceiveCount', message: 'maxReceiveCount must not be less than 1' },
        { field: 'groupId', message: 'groupId is required by FIFO queue jobs.fifo' },
        { field: 'body', message: 'message is 9 bytes' },
      ]),
    ).toBe('Invalid input: deadLetter.maxReceiveCount must not be less than 1; groupId is required by FIFO queue jobs.fifo; body: message is 9 bytes');
  });
});

import { ConflictError, NotFoundError, ThrottledError, UpstreamUnavailableError, ValidationError } from '../../src/errors';
import { tableError } from '../../src/datasources/table-errors';

const awsError = (name: string, message = 'msg', status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('tableError', () => {
  it('names the missing table', () => {
    const err = tableError(awsError('ResourceNotFoundException', 'Requested resource not found'), 'orders', 'key', 'GetItem');
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe('Table orders not found');
  });

  it('is CONFLICT for an existing table on create and for a table in transition otherwise', () => {
    expect((tableError(awsError('ResourceInUseException'), 't1x', 'input', 'CreateTable') as Error).message).toBe('Table t1x already exists');
    const busy = tableError(awsError('ResourceInUseException'), 't1x', 'name', 'DeleteTable');
    expect(busy).toBeInstanceOf(ConflictError);
    expect((busy as Error).message).toBe('Table t1x is being created or changed; try again shortly');
  });

  it("turns DynamoDB's validation of client values into BAD_USER_INPUT on the caller's field", () => {
    const err = tableError(awsError('ValidationException', 'Item size has exceeded the maximum allowed size'), 't', 'item', 'PutItem') as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields).toEqual([{ field: 'item', message: 'Item size has exceeded the maximum allowed size' }]);
    const start = tableError(awsError('ValidationException', 'The provided starting key is invalid'), 't', 'filter', 'Scan') as ValidationError;
    expect(start.fields[0]?.field).toBe('nextToken');
  });

  it('is THROTTLED for too many table operations and for throttling, UPSTREAM_UNAVAILABLE for 5xx', () => {
    expect(tableError(awsError('LimitExceededException'), 't', 'input', 'CreateTable')).toBeInstanceOf(ThrottledError);
    expect(tableError(awsError('ThrottlingException'), 't', 'key', 'GetItem')).toBeInstanceOf(ThrottledError);
    expect(tableError(awsError('InternalServerError', 'boom', 500), 't', 'key', 'GetItem')).toBeInstanceOf(UpstreamUnavailableError);
  });

  it('leaves anything else as it is, for the server to mask', () => {
    const odd = awsError('SomethingElse');
    expect(tableError(odd, 't', 'key', 'GetItem')).toBe(odd);
  });
});

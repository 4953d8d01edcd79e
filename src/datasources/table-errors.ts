import { ConflictError, NotFoundError, ThrottledError, translateAwsError, ValidationError } from '../errors';

/**
 * A DynamoDB error as the API's error (the one place TablesDataSource maps them): a missing table,
 * an existing table, a client value DynamoDB refused (on the field the caller names), limits.
 */
export function tableError(err: unknown, table: string, field: string, what: string): unknown {
  const name = (err as Error)?.name;
  const message = (err as Error)?.message ?? '';
  if (name === 'ResourceNotFoundException') return new NotFoundError(`Table ${table} not found`, { cause: err });
  if (name === 'ResourceInUseException') {
    return new ConflictError(what === 'CreateTable' ? `Table ${table} already exists` : `Table ${table} is being created or changed; try again shortly`, { cause: err });
  }
  if (name === 'LimitExceededException') return new ThrottledError(`Too many table operations in progress for ${what}; try again shortly`, { cause: err });
  if (name === 'ValidationException') {
    return ValidationError.of(/ExclusiveStartKey|starting key/i.test(message) ? 'nextToken' : field, message);
  }
  return translateAwsError(err, what);
}

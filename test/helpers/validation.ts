import { ValidationError } from '../../src/errors';

/** The fields of the ValidationError `fn` throws; fails the test when it throws nothing or another error. */
export function validationFields(fn: () => unknown): Array<{ field: string; message: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

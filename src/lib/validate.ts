import { validate } from 'class-validator';
import { fieldsOf, type FieldError } from '../errors';

/** The class-validator problems of one input object, as `{ field, message }` entries. */
export async function problemsOf<T extends object>(Type: new () => T, value: T): Promise<FieldError[]> {
  const instance = value instanceof Type ? value : Object.assign(new Type(), value);
  return fieldsOf(await validate(instance, { forbidUnknownValues: false }));
}

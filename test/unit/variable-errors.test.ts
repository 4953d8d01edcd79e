import { variableError } from '../../src/errors';

const variableFields = (message: string, reason?: string) => variableError(message, reason)?.fields;

/** graphql-js's messages for variables that don't fit their type, as extensions.fields entries. */
describe('variableFields', () => {
  it('names the variable and the path inside it', () => {
    expect(variableFields('Variable "$i" got invalid value "x" at "i.age"; Int cannot represent non-integer value: "x"')).toEqual([
      { field: '$i.age', message: 'Int cannot represent non-integer value' },
    ]);
    expect(variableFields('Variable "$limit" got invalid value "ten"; Int cannot represent non-integer value: "ten"')).toEqual([
      { field: '$limit', message: 'Int cannot represent non-integer value' },
    ]);
    expect(variableFields('Variable "$ids" got invalid value [1, {}] at "ids[1]"; ID cannot represent value: {}')).toEqual([{ field: '$ids.1', message: 'ID cannot represent value' }]);
  });

  it('reads missing and null variables', () => {
    expect(variableFields('Variable "$id" of required type "ID!" was not provided.')).toEqual([{ field: '$id', message: 'was not provided (type ID!)' }]);
    expect(variableFields('Variable "$id" of non-null type "ID!" must not be null.')).toEqual([{ field: '$id', message: 'must not be null (type ID!)' }]);
  });

  it('names a field the input type does not have', () => {
    expect(variableFields('Variable "$i" got invalid value { evil: 1 }; Field "evil" is not defined by type "CreateUserInput". [Suggestion hidden]?')).toEqual([
      { field: '$i.evil', message: 'is not a field of CreateUserInput' },
    ]);
  });

  it('gives nothing for other messages', () => {
    expect(variableFields('Cannot query field "nope" on type "Query".')).toBeUndefined();
  });
});

/** The messages of variableError name the variable and the path inside it, never the value graphql-js quotes. */
describe('variableError', () => {
  it('cuts the value out of every "got invalid value" shape', () => {
    const reason = 'Field "bogus" is not defined by type "CreateUserInput".';
    expect(variableError(`Variable "$i" got invalid value { email: "p@x.io", name: "P", ... }; ${reason}`, reason)).toEqual({
      message: `Variable "$i" got invalid value at "i.bogus": ${reason}`,
      fields: [{ field: '$i.bogus', message: 'is not a field of CreateUserInput' }],
    });
    const notInt = 'Int cannot represent non-integer value: "x"';
    expect(variableError(`Variable "$i" got invalid value "x" at "i.age"; ${notInt}`, notInt)?.message).toBe('Variable "$i" got invalid value at "i.age": Int cannot represent non-integer value');
    expect(variableError(`Variable "$ids" got invalid value { secret: 1 } at "ids[1]"; ID cannot represent value: {}`, 'ID cannot represent value: {}')).toEqual({
      message: 'Variable "$ids" got invalid value at "ids[1]": ID cannot represent value',
      fields: [{ field: '$ids.1', message: 'ID cannot represent value' }],
    });
    const missing = 'Field "name" of required type "String!" was not provided.';
    expect(variableError(`Variable "$i" got invalid value { email: "secret@x.io" }; ${missing}`, missing)?.message).toBe(`Variable "$i" got invalid value: ${missing}`);
  });

  it('cuts exactly with the coercion error\'s message, whatever the value holds', () => {
    const reason = 'Field "bogus" is not defined by type "CreateUserInput".';
    const message = `Variable "$i" got invalid value { name: "a; b at \\"i.x\\"", bogus: 1 }; ${reason}`;
    expect(variableError(message, reason)?.message).toBe(`Variable "$i" got invalid value at "i.bogus": ${reason}`);
  });

  it('keeps the messages that quote no value', () => {
    expect(variableError('Variable "$id" of required type "ID!" was not provided.')?.message).toBe('Variable "$id" of required type "ID!" was not provided.');
    expect(variableError('Variable "$id" of non-null type "ID!" must not be null.')?.message).toBe('Variable "$id" of non-null type "ID!" must not be null.');
    expect(variableError('Variable "$x" expected value of type "User" which cannot be used as an input type.')).toBeUndefined();
  });

  it('without the coercion error, cuts at the first "; "', () => {
    expect(variableError('Variable "$limit" got invalid value "ten"; Int cannot represent non-integer value: "ten"')?.message).toBe('Variable "$limit" got invalid value: Int cannot represent non-integer value');
  });
});

import { variableFields } from '../../src/errors';

/** graphql-js's messages for variables that don't fit their type, as extensions.fields entries. */
describe('variableFields', () => {
  it('names the variable and the path inside it', () => {
    expect(variableFields('Variable "$i" got invalid value "x" at "i.age"; Int cannot represent non-integer value: "x"')).toEqual([
      { field: '$i.age', message: 'Int cannot represent non-integer value: "x"' },
    ]);
    expect(variableFields('Variable "$limit" got invalid value "ten"; Int cannot represent non-integer value: "ten"')).toEqual([
      { field: '$limit', message: 'Int cannot represent non-integer value: "ten"' },
    ]);
    expect(variableFields('Variable "$ids" got invalid value [1, {}] at "ids[1]"; ID cannot represent value: {}')).toEqual([{ field: '$ids.1', message: 'ID cannot represent value: {}' }]);
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

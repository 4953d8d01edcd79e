import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  astFromValue,
  buildSchema as buildSdl,
  isInputObjectType,
  isObjectType,
  print,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';
import { createPrintableSchema } from '../../src/schema';

/** Every argument and input field that has a default, by `Type.field(arg)` path, printed as SDL shows it. */
function defaults(schema: GraphQLSchema): Map<string, string> {
  const out = new Map<string, string>();
  const add = (where: string, value: GraphQLArgument | GraphQLInputField) => {
    if (value.defaultValue === undefined) return;
    const ast = astFromValue(value.defaultValue, value.type);
    out.set(where, ast ? print(ast) : String(value.defaultValue));
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) for (const arg of field.args) add(`${type.name}.${field.name}(${arg.name})`, arg);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) add(`${type.name}.${field.name}`, field);
  }
  return out;
}

describe('the client contract (test/contract/contract.graphql, from the design)', () => {
  let contract: GraphQLSchema;
  let ours: GraphQLSchema;
  let changes: Change[];

  beforeAll(async () => {
    contract = buildSdl(readFileSync(path.join(__dirname, 'contract.graphql'), 'utf8'));
    ours = await createPrintableSchema();
    changes = await diff(contract, ours);
  });

  it('is not broken by the schema: every type, field, argument and nullability is kept', () => {
    const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking).map((c) => c.message);
    expect(breaking).toEqual([]);
  });

  it('keeps every argument and input default of the contract, as clients see them in SDL', () => {
    const ourDefaults = defaults(ours);
    const changed = [...defaults(contract)].filter(([where, value]) => ourDefaults.get(where) !== value).map(([where, value]) => `${where}: contract ${value}, schema ${ourDefaults.get(where) ?? 'none'}`);
    expect(changed).toEqual([]);
  });
});

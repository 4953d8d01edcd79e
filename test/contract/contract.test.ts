import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema as buildSdl } from 'graphql';
import { createPrintableSchema } from '../../src/schema';

/** Changes that graphql-inspector calls merely dangerous but that break this contract's promise of same defaults. */
const DEFAULTS_CHANGED = new Set(['FIELD_ARGUMENT_DEFAULT_CHANGED', 'INPUT_FIELD_DEFAULT_VALUE_CHANGED']);

describe('the client contract (test/contract/contract.graphql, from the design)', () => {
  let changes: Change[];

  beforeAll(async () => {
    const contract = buildSdl(readFileSync(path.join(__dirname, 'contract.graphql'), 'utf8'));
    changes = await diff(contract, await createPrintableSchema());
  });

  it('is not broken by the schema: every type, field, argument and nullability is kept', () => {
    const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking).map((c) => c.message);
    expect(breaking).toEqual([]);
  });

  it('keeps every argument and input default of the contract', () => {
    const defaults = changes.filter((c) => DEFAULTS_CHANGED.has(c.type)).map((c) => c.message);
    expect(defaults).toEqual([]);
  });
});

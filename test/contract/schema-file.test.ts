import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaSdl } from '../../src/schema';

describe('schema.graphql', () => {
  it('is what the code generates (run `npm run schema` after changing a type or resolver)', async () => {
    const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(await printSchemaSdl());
  });
});

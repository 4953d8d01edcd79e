import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileFilterPolicy, FilterPolicyError, matchesFilterPolicy, type FilterAttribute, type FilterPolicyScope } from '../../src/lib/filter-policy';

interface MatchVector {
  name: string;
  scope: FilterPolicyScope;
  policy: Record<string, unknown>;
  attributes?: Record<string, FilterAttribute>;
  body?: Record<string, unknown>;
  matches: boolean;
  why: string;
  moto: 'agrees' | 'disagrees';
}

interface InvalidVector {
  name: string;
  scope: FilterPolicyScope;
  policy: Record<string, unknown>;
  why: string;
}

const vectors = JSON.parse(readFileSync(path.join(__dirname, '../data/sns-filter-vectors.json'), 'utf8')) as {
  match: MatchVector[];
  invalid: InvalidVector[];
};

describe('filter policy vectors (AWS semantics; moto is not the reference)', () => {
  it('has the vectors it is meant to run', () => {
    expect(vectors.match).toHaveLength(79);
    expect(vectors.invalid).toHaveLength(19);
  });

  describe('match', () => {
    it.each(vectors.match.map((v) => [v.name, v] as const))('%s', (_name, v) => {
      const policy = compileFilterPolicy(JSON.stringify(v.policy), v.scope);
      const message = v.scope === 'MessageBody' ? { body: JSON.stringify(v.body) } : { attributes: v.attributes };
      expect(matchesFilterPolicy(policy, message)).toBe(v.matches);
    });
  });

  describe('invalid', () => {
    it.each(vectors.invalid.map((v) => [v.name, v] as const))('%s', (_name, v) => {
      expect(() => compileFilterPolicy(JSON.stringify(v.policy), v.scope)).toThrow(FilterPolicyError);
    });
  });
});

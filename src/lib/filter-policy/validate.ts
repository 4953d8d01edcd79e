import { isOperatorObject, isPlainObject, parseCondition } from './conditions';
import { FilterPolicyError, type CompiledFilterPolicy, type FilterPolicyScope, type PolicyMember, type PolicyNode } from './types';

/** SNS's limits on a filter policy. */
export const FILTER_POLICY_LIMITS = {
  /** Keys (leaf keys of a nested policy) in any one combination of $or branches. */
  keys: 5,
  /** Combinations: values multiplied across keys, each leaf's count times its nesting depth, $or branches summed. */
  combinations: 150,
  /** Size of the policy's JSON text. */
  bytes: 256 * 1024,
} as const;

/**
 * Validates a filter policy (its JSON text or the parsed object) for a scope and compiles it.
 * Throws FilterPolicyError with the message SNS gives in its InvalidParameter error.
 */
export function compileFilterPolicy(policy: unknown, scope: FilterPolicyScope = 'MessageAttributes'): CompiledFilterPolicy {
  const parsed = typeof policy === 'string' ? parseJson(policy) : policy;
  if (!isPlainObject(parsed)) throw new FilterPolicyError('Filter policy must be a JSON object');
  const root = compileNode(parsed, scope, 1);
  const stats = measure(root, 1);
  if (stats.keys > FILTER_POLICY_LIMITS.keys) throw new FilterPolicyError(`Filter policy can not have more than ${FILTER_POLICY_LIMITS.keys} keys`);
  if (stats.combinations > FILTER_POLICY_LIMITS.combinations) throw new FilterPolicyError('Filter policy is too complex');
  return { scope, root };
}

/** Validates without keeping the result; returns the AWS error message or undefined when the policy is valid. */
export function filterPolicyError(policy: unknown, scope: FilterPolicyScope = 'MessageAttributes'): string | undefined {
  try {
    compileFilterPolicy(policy, scope);
    return undefined;
  } catch (err) {
    if (err instanceof FilterPolicyError) return err.message;
    throw err;
  }
}

function parseJson(text: string): unknown {
  if (Buffer.byteLength(text) > FILTER_POLICY_LIMITS.bytes) throw new FilterPolicyError('Filter policy is too big (the limit is 256 KB)');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FilterPolicyError(`failed to parse JSON. ${(err as Error).message}`);
  }
}

/**
 * `level` counts nested objects and `$or` operators above a node. Every level adds at least one
 * combination (a nested leaf counts once per level, a `$or` adds its other branches), so a policy
 * nested deeper than the combination limit is too complex whatever else it holds: it is refused
 * there, before the recursion could exhaust the stack.
 */
function compileNode(policy: Record<string, unknown>, scope: FilterPolicyScope, level: number): PolicyNode {
  const entries = Object.entries(policy);
  if (!entries.length) throw new FilterPolicyError('Empty objects are not allowed');
  return { members: entries.map(([name, value]) => compileMember(name, value, scope, level)) };
}

function compileMember(name: string, value: unknown, scope: FilterPolicyScope, level: number): PolicyMember {
  if (name === '$or' && isOrOperator(value)) {
    if (level >= FILTER_POLICY_LIMITS.combinations) throw new FilterPolicyError('Filter policy is too complex');
    return { kind: 'or', branches: value.map((branch) => compileNode(branch, scope, level + 1)) };
  }
  if (Array.isArray(value)) {
    if (!value.length) throw new FilterPolicyError('Empty arrays are not allowed');
    return { kind: 'key', name, conditions: value.map(parseCondition) };
  }
  if (isPlainObject(value)) {
    if (scope === 'MessageAttributes') {
      // AWS reports errors inside the nested object before refusing the nesting itself.
      if (level < FILTER_POLICY_LIMITS.combinations) compileNode(value, scope, level + 1);
      throw new FilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy', 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy');
    }
    if (level >= FILTER_POLICY_LIMITS.combinations) throw new FilterPolicyError('Filter policy is too complex');
    return { kind: 'nested', name, node: compileNode(value, scope, level + 1) };
  }
  throw new FilterPolicyError(`"${name}" must be an object or an array`);
}

/** `$or` is the OR operator only when it lists two or more policy objects; otherwise it is a plain key. */
function isOrOperator(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length >= 2 && value.every((v) => isPlainObject(v) && !isOperatorObject(v));
}

interface Stats {
  keys: number;
  combinations: number;
}

function measure(node: PolicyNode, depth: number): Stats {
  let keys = 0;
  let combinations = 1;
  for (const member of node.members) {
    const stats = measureMember(member, depth);
    keys += stats.keys;
    combinations *= stats.combinations;
  }
  return { keys, combinations };
}

function measureMember(member: PolicyMember, depth: number): Stats {
  switch (member.kind) {
    case 'key':
      return { keys: 1, combinations: member.conditions.length * depth };
    case 'nested':
      return measure(member.node, depth + 1);
    case 'or': {
      const branches = member.branches.map((b) => measure(b, depth));
      return { keys: Math.max(...branches.map((b) => b.keys)), combinations: branches.reduce((sum, b) => sum + b.combinations, 0) };
    }
    default: {
      const unknown: never = member;
      throw new Error(`unknown policy member ${String(unknown)}`);
    }
  }
}

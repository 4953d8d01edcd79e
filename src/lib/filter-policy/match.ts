import { NUMERIC_LIMIT } from './conditions';
import { inNetwork } from './ip';
import type { CompiledFilterPolicy, Condition, FilterMessage, PolicyMember, PolicyNode } from './types';
import { filterDocument, valuesAt } from './values';

/** Whether SNS would deliver the message to a subscription with this policy. */
export function matchesFilterPolicy(policy: CompiledFilterPolicy, message: FilterMessage): boolean {
  const doc = filterDocument(message, policy.scope);
  return doc !== undefined && holds(policy.root, doc, []);
}

/** Every member of a level holds (AND); a $or member holds when one branch does. */
function holds(node: PolicyNode, doc: unknown, path: readonly string[]): boolean {
  return node.members.every((member) => memberHolds(member, doc, path));
}

function memberHolds(member: PolicyMember, doc: unknown, path: readonly string[]): boolean {
  switch (member.kind) {
    case 'key':
      return keyHolds(member.conditions, valuesAt(doc, [...path, member.name]));
    case 'nested':
      return holds(member.node, doc, [...path, member.name]);
    case 'or':
      return member.branches.some((branch) => holds(branch, doc, path));
    default: {
      const unknown: never = member;
      throw new Error(`unknown policy member ${String(unknown)}`);
    }
  }
}

/** One listed condition must hold (OR); a value condition holds when any of the key's values satisfies it. */
function keyHolds(conditions: Condition[], values: unknown[]): boolean {
  const leaves = values.filter((v) => v === null || typeof v !== 'object');
  const present = leaves.some((v) => v !== null && v !== '');
  return conditions.some((c) => (c.kind === 'exists' ? c.value === present : leaves.some((v) => test(c, v))));
}

/** Five decimal places are significant in SNS's numeric matching. */
function fixed(n: number): number {
  return Math.round(n * 1e5);
}

function test(condition: Condition, value: unknown): boolean {
  switch (condition.kind) {
    case 'exact':
      return typeof condition.value === 'number' ? typeof value === 'number' && fixed(value) === fixed(condition.value) : value === condition.value;
    case 'prefix':
      return typeof value === 'string' && fold(value, condition.ignoreCase).startsWith(fold(condition.value, condition.ignoreCase));
    case 'suffix':
      return typeof value === 'string' && fold(value, condition.ignoreCase).endsWith(fold(condition.value, condition.ignoreCase));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === condition.value.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && condition.pattern.test(value);
    case 'numeric':
      return typeof value === 'number' && numericHolds(condition, value);
    case 'cidr':
      return typeof value === 'string' && inNetwork(value, condition.network);
    case 'anything-but':
      return value !== null && condition.not.every((c) => !test(c, value)) && (isExactList(condition.not) || typeof value === 'string');
    case 'exists':
      return false;
    default: {
      const unknown: never = condition;
      throw new Error(`unknown condition ${String(unknown)}`);
    }
  }
}

function fold(text: string, ignoreCase: boolean): string {
  return ignoreCase ? text.toLowerCase() : text;
}

function isExactList(conditions: Condition[]): boolean {
  return conditions.every((c) => c.kind === 'exact');
}

function numericHolds(condition: Extract<Condition, { kind: 'numeric' }>, value: number): boolean {
  if (Math.abs(value) > NUMERIC_LIMIT) return false;
  const v = fixed(value);
  if (condition.equals !== undefined) return v === fixed(condition.equals);
  const { lower, upper } = condition;
  if (lower && !(lower.inclusive ? v >= fixed(lower.value) : v > fixed(lower.value))) return false;
  if (upper && !(upper.inclusive ? v <= fixed(upper.value) : v < fixed(upper.value))) return false;
  return true;
}

import { parseCidr } from './ip';
import { FilterPolicyError, type Bound, type Condition } from './types';

/** Policy numbers are limited to ±1e9, as SNS documents for numeric matching. */
export const NUMERIC_LIMIT = 1e9;
/** At most three `*` in one wildcard pattern. */
const MAX_WILDCARDS = 3;

const OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard']);

/** Whether an object in a value list is a match expression (its key is an operator keyword). */
export function isOperatorObject(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).some((k) => OPERATORS.has(k));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compiles one member of a key's value list, refusing what SNS refuses. */
export function parseCondition(entry: unknown): Condition {
  if (entry === null || typeof entry === 'string' || typeof entry === 'boolean') return { kind: 'exact', value: entry };
  if (typeof entry === 'number') return { kind: 'exact', value: entry };
  if (!isPlainObject(entry)) throw new FilterPolicyError('Match value must be String, number, true, false, or null');
  const keys = Object.keys(entry);
  if (keys.length !== 1) throw new FilterPolicyError(keys.length ? 'Only one key allowed in match expression' : 'Empty objects are not allowed');
  const operator = keys[0] as string;
  return parseOperator(operator, entry[operator]);
}

function parseOperator(operator: string, operand: unknown): Condition {
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return affix(operator, operand);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: stringOperand(operator, operand) };
    case 'wildcard':
      return { kind: 'wildcard', pattern: wildcardPattern(stringOperand(operator, operand)) };
    case 'exists':
      if (typeof operand !== 'boolean') throw new FilterPolicyError('exists match pattern must be either true or false.');
      return { kind: 'exists', value: operand };
    case 'cidr':
      return cidr(operand);
    case 'numeric':
      return numeric(operand);
    case 'anything-but':
      return { kind: 'anything-but', not: anythingBut(operand) };
    default:
      throw new FilterPolicyError(`Unrecognized match type ${operator}`);
  }
}

function stringOperand(operator: string, operand: unknown): string {
  if (typeof operand !== 'string') throw new FilterPolicyError(`${operator} match pattern must be a string`);
  return operand;
}

function affix(kind: 'prefix' | 'suffix', operand: unknown): Condition {
  if (isPlainObject(operand) && Object.keys(operand).length === 1 && typeof operand['equals-ignore-case'] === 'string') {
    return { kind, value: operand['equals-ignore-case'], ignoreCase: true };
  }
  return { kind, value: stringOperand(kind, operand), ignoreCase: false };
}

function cidr(operand: unknown): Condition {
  // AWS's message for a cidr operand that is not a string names "prefix"; it is kept word for word.
  if (typeof operand !== 'string') throw new FilterPolicyError('prefix match pattern must be a string');
  try {
    return { kind: 'cidr', network: parseCidr(operand) };
  } catch (err) {
    throw err instanceof FilterPolicyError ? err : new FilterPolicyError((err as Error).message);
  }
}

/** `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
export function wildcardPattern(text: string): RegExp {
  let source = '';
  let stars = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') throw new FilterPolicyError(`Invalid escape character at pos ${i}`);
      source += `\\${next}`;
      i++;
    } else if (ch === '*') {
      if (text[i - 1] === '*') throw new FilterPolicyError(`Consecutive wildcard characters at pos ${i}`);
      stars++;
      source += '[\\s\\S]*';
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  if (stars > MAX_WILDCARDS) {
    throw new FilterPolicyError('Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character');
  }
  return new RegExp(`^${source}$`);
}

const LOWER_OPS = new Set(['>', '>=']);
const UPPER_OPS = new Set(['<', '<=']);

function numeric(operand: unknown): Condition {
  if (!Array.isArray(operand)) throw new FilterPolicyError('Value of numeric must be an array.');
  const terms = operand as unknown[];
  if (terms.length === 0) throw new FilterPolicyError('Invalid member in numeric match: ]');
  const first = numericTerm(terms[0], terms[1]);
  if (terms.length <= 2) {
    if (first.op === '=') return { kind: 'numeric', equals: first.value };
    return LOWER_OPS.has(first.op) ? { kind: 'numeric', lower: bound(first) } : { kind: 'numeric', upper: bound(first) };
  }
  if (!LOWER_OPS.has(first.op)) throw new FilterPolicyError('Too many elements in numeric expression');
  if (typeof terms[2] !== 'string') throw new FilterPolicyError(`Bad value in numeric range: ${JSON.stringify(terms[2])}`);
  if (!UPPER_OPS.has(terms[2])) throw new FilterPolicyError(`Bad numeric range operator: ${terms[2]}`);
  const second = numericTerm(terms[2], terms[3]);
  if (terms.length > 4) throw new FilterPolicyError('Too many terms in numeric range expression');
  if (first.value >= second.value) throw new FilterPolicyError('Bottom must be less than top');
  return { kind: 'numeric', lower: bound(first), upper: bound(second) };
}

function numericTerm(op: unknown, value: unknown): { op: string; value: number } {
  if (typeof op !== 'string') throw new FilterPolicyError(`Invalid member in numeric match: ${JSON.stringify(op)}`);
  if (op !== '=' && !LOWER_OPS.has(op) && !UPPER_OPS.has(op)) throw new FilterPolicyError(`Unrecognized numeric range operator: ${op}`);
  // AWS names the = operator "equals" in this message.
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FilterPolicyError(`Value of ${op === '=' ? 'equals' : op} must be numeric`);
  if (Math.abs(value) > NUMERIC_LIMIT) throw new FilterPolicyError(`Value of ${op} must be between -${NUMERIC_LIMIT} and ${NUMERIC_LIMIT}`);
  return { op, value };
}

function bound(term: { op: string; value: number }): Bound {
  return { value: term.value, inclusive: term.op.endsWith('=') };
}

function anythingBut(operand: unknown): Condition[] {
  if (typeof operand === 'string' || typeof operand === 'number') return [{ kind: 'exact', value: operand }];
  if (Array.isArray(operand)) return anythingButList(operand);
  if (isPlainObject(operand) && Object.keys(operand).length === 1) {
    const [op, inner] = Object.entries(operand)[0] as [string, unknown];
    if (op === 'prefix' || op === 'suffix') return [{ kind: op, value: stringOperand(op, inner), ignoreCase: false }];
    if (op === 'equals-ignore-case' || op === 'wildcard') {
      const values = Array.isArray(inner) ? inner : [inner];
      if (!values.length) throw new FilterPolicyError('Empty arrays are not allowed');
      return values.map((v) => parseOperator(op, v));
    }
  }
  const name = isPlainObject(operand) ? Object.keys(operand)[0] : undefined;
  throw new FilterPolicyError(name ? `Unsupported anything-but pattern: ${name}` : 'Value of anything-but must be an array or single string/number value.');
}

function anythingButList(values: unknown[]): Condition[] {
  if (!values.length) throw new FilterPolicyError('Empty arrays are not allowed');
  if (!values.every((v) => typeof v === 'string' || typeof v === 'number')) throw new FilterPolicyError('Inside anything but list, start|null|boolean is not supported.');
  return values.map((v) => ({ kind: 'exact', value: v as string | number }));
}

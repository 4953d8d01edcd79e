import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../errors';
import { compareDecimals } from './numbers';

/**
 * Pure builders of DynamoDB condition expressions. Attribute names and values given by clients
 * never become expression text: every name is a #n placeholder and every value a :v placeholder,
 * so a name such as "a.b", "status" (a reserved word) or "x) OR (y" is only ever a name, taken
 * literally as one top-level attribute, and a value is only ever a value.
 */

export type SortKeyOperator = 'EQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'BETWEEN' | 'BEGINS_WITH';
export type ConditionOperator = SortKeyOperator | 'NE' | 'CONTAINS' | 'EXISTS' | 'NOT_EXISTS' | 'IN';

/** One condition on one attribute; `field` names it in errors (e.g. `filter.2`). */
export interface Condition {
  attribute: string;
  operator: ConditionOperator;
  values: AttributeValue[];
  field: string;
}

export interface ExpressionParams {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/** DynamoDB accepts at most 100 operands for IN. */
const MAX_IN = 100;
const COMPARISONS = { EQ: '=', NE: '<>', LT: '<', LTE: '<=', GT: '>', GTE: '>=' } as const;

/** Hands out the placeholders of one request; the same name always gets the same placeholder. */
export class Placeholders {
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, AttributeValue> = {};
  private valueCount = 0;

  name(attribute: string): string {
    let placeholder = this.names.get(attribute);
    if (!placeholder) {
      placeholder = `#n${this.names.size}`;
      this.names.set(attribute, placeholder);
    }
    return placeholder;
  }

  value(value: AttributeValue): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** The request parameters; omitted when empty, as DynamoDB refuses empty maps. */
  params(): ExpressionParams {
    const out: ExpressionParams = {};
    if (this.names.size) out.ExpressionAttributeNames = Object.fromEntries([...this.names].map(([name, ph]) => [ph, name]));
    if (this.valueCount) out.ExpressionAttributeValues = { ...this.values };
    return out;
  }
}

/** The text of one condition, after checking its operands. */
export function conditionText(ph: Placeholders, condition: Condition): string {
  checkOperands(condition);
  const { operator, values } = condition;
  const name = ph.name(condition.attribute);
  switch (operator) {
    case 'EQ':
    case 'NE':
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE':
      return `${name} ${COMPARISONS[operator]} ${ph.value(values[0] as AttributeValue)}`;
    case 'BETWEEN':
      return `${name} BETWEEN ${ph.value(values[0] as AttributeValue)} AND ${ph.value(values[1] as AttributeValue)}`;
    case 'BEGINS_WITH':
      return `begins_with(${name}, ${ph.value(values[0] as AttributeValue)})`;
    case 'CONTAINS':
      return `contains(${name}, ${ph.value(values[0] as AttributeValue)})`;
    case 'EXISTS':
      return `attribute_exists(${name})`;
    case 'NOT_EXISTS':
      return `attribute_not_exists(${name})`;
    case 'IN':
      return `${name} IN (${values.map((v) => ph.value(v)).join(', ')})`;
    default: {
      const unhandled: never = operator;
      throw new Error(`unhandled operator ${String(unhandled)}`);
    }
  }
}

function checkOperands({ operator, values, field, attribute }: Condition): void {
  if (attribute.length === 0) throw ValidationError.of(`${field}.attribute`, 'must not be empty');
  const [min, max] = arity(operator);
  if (values.length < min || values.length > max) {
    const wanted = min === max ? `exactly ${min}` : `${min} to ${max}`;
    throw ValidationError.of(`${field}.values`, `${operator} takes ${wanted} value${max === 1 ? '' : 's'}, got ${values.length}`);
  }
  if (operator === 'BEGINS_WITH' && values[0]?.S === undefined && values[0]?.B === undefined) {
    throw ValidationError.of(`${field}.values`, 'BEGINS_WITH takes a string or binary value');
  }
  if (ORDERED.has(operator)) {
    const types = values.map(scalarType);
    if (types.includes(undefined)) throw ValidationError.of(`${field}.values`, `${operator} compares strings, numbers or binary values only`);
    if (new Set(types).size > 1) throw ValidationError.of(`${field}.values`, 'BETWEEN takes two values of the same type');
    if (operator === 'BETWEEN' && compareScalars(values[0] as AttributeValue, values[1] as AttributeValue) > 0) {
      // AWS refuses a reversed range; moto silently matches nothing, so the API checks it itself.
      throw ValidationError.of(`${field}.values`, 'BETWEEN takes the lower bound first');
    }
  }
}

/** DynamoDB's order: numbers by value, strings by their UTF-8 bytes, binary by unsigned bytes. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number {
  if (a.N !== undefined && b.N !== undefined) return compareDecimals(a.N, b.N);
  if (a.S !== undefined && b.S !== undefined) return Buffer.compare(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8'));
  if (a.B !== undefined && b.B !== undefined) return Buffer.compare(Buffer.from(a.B), Buffer.from(b.B));
  throw new Error('compareScalars needs two values of one of the types S, N, B');
}

/** Operators that order values, which DynamoDB defines for S, N and B only (AWS refuses others; dynalite does not check). */
const ORDERED = new Set<ConditionOperator>(['LT', 'LTE', 'GT', 'GTE', 'BETWEEN']);

function scalarType(value: AttributeValue): 'S' | 'N' | 'B' | undefined {
  if (value.S !== undefined) return 'S';
  if (value.N !== undefined) return 'N';
  return value.B !== undefined ? 'B' : undefined;
}

function arity(operator: ConditionOperator): [number, number] {
  if (operator === 'EXISTS' || operator === 'NOT_EXISTS') return [0, 0];
  if (operator === 'BETWEEN') return [2, 2];
  if (operator === 'IN') return [1, MAX_IN];
  return [1, 1];
}

/** All conditions joined with AND; undefined when there are none. */
export function filterExpression(ph: Placeholders, conditions: readonly Condition[]): string | undefined {
  if (!conditions.length) return undefined;
  return conditions.map((c) => (conditions.length > 1 ? `(${conditionText(ph, c)})` : conditionText(ph, c))).join(' AND ');
}

/** A Query's KeyConditionExpression: equality on the partition key, optionally one sort-key condition. */
export function keyConditionExpression(
  ph: Placeholders,
  partition: { name: string; value: AttributeValue },
  sort?: { name: string; operator: SortKeyOperator; values: AttributeValue[]; field: string },
): string {
  const pk = `${ph.name(partition.name)} = ${ph.value(partition.value)}`;
  if (!sort) return pk;
  return `${pk} AND ${conditionText(ph, { attribute: sort.name, operator: sort.operator, values: sort.values, field: sort.field })}`;
}

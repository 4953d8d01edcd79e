import { ValidationError } from '../errors';
import { Placeholders, type Expression } from './doc.expressions';

/** A sort-key condition on order_date; exactly one member may be given. */
export interface OrderDateFilterSpec {
  equals?: string | null;
  beginsWith?: string | null;
  between?: string[] | null;
  before?: string | null;
  after?: string | null;
}

const MEMBERS = ['equals', 'beginsWith', 'between', 'before', 'after'] as const;
/** DynamoDB's longest sort key, in bytes of UTF-8; a longer value can't name an order. */
export const MAX_SORT_KEY_BYTES = 1024;

/** Why a sort-key value can't be sent to DynamoDB, or undefined. */
export function sortKeyProblem(value: string): string | undefined {
  return Buffer.byteLength(value) > MAX_SORT_KEY_BYTES ? `must be at most ${MAX_SORT_KEY_BYTES} bytes, the longest sort key DynamoDB stores` : undefined;
}

/** The KeyConditionExpression of a user's orders: `user_id = :u`, and the date condition when a filter is given (an empty one is refused). */
export function buildOrderKeyCondition(userId: string, filter: OrderDateFilterSpec | undefined | null): Expression {
  const p = new Placeholders();
  const parts = [`${p.name('user_id')} = ${p.value(userId)}`];
  const date = filter ? dateCondition(filter, p) : undefined;
  if (date) parts.push(date);
  return { expression: parts.join(' AND '), names: p.names, values: p.values };
}

function dateCondition(filter: OrderDateFilterSpec, p: Placeholders): string | undefined {
  const given = MEMBERS.filter((m) => filter[m] != null);
  if (given.length === 0) throw ValidationError.of('filter', `give exactly one of ${MEMBERS.join(', ')}`);
  if (given.length > 1) throw new ValidationError(given.map((m) => ({ field: `filter.${m}`, message: `give exactly one of ${MEMBERS.join(', ')}` })));
  const sk = p.name('order_date');
  const member = given[0] as (typeof MEMBERS)[number];
  if (member === 'between') {
    const range = filter.between ?? [];
    if (range.length !== 2) throw ValidationError.of('filter.between', 'must have exactly two values: from and to');
    const [from, to] = range as [string, string];
    const long = sortKeyProblem(from) ?? sortKeyProblem(to);
    if (long) throw ValidationError.of('filter.between', long);
    if (from > to) throw ValidationError.of('filter.between', 'from must not be after to');
    return `${sk} BETWEEN ${p.value(from)} AND ${p.value(to)}`;
  }
  const value = filter[member] as string;
  if (value === '') throw ValidationError.of(`filter.${member}`, 'must not be empty');
  const long = sortKeyProblem(value);
  if (long) throw ValidationError.of(`filter.${member}`, long);
  switch (member) {
    case 'equals':
      return `${sk} = ${p.value(value)}`;
    case 'beginsWith':
      return `begins_with(${sk}, ${p.value(value)})`;
    case 'before':
      return `${sk} < ${p.value(value)}`;
    case 'after':
      return `${sk} > ${p.value(value)}`;
    default: {
      const unknown: never = member;
      throw new Error(`unknown date condition ${String(unknown)}`);
    }
  }
}

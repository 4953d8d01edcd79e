import { ValidationError, type FieldError } from '../errors';
import { buildUpdate, Placeholders, type Expression } from './doc.expressions';

/** Scan filter over users; every given condition must hold. */
export interface UserFilterSpec {
  nameBeginsWith?: string | null;
  emailDomain?: string | null;
  minAge?: number | null;
  maxAge?: number | null;
}

/** The changes of an update: undefined leaves an attribute alone, null (age only) removes it. */
export interface UserChanges {
  email?: string;
  name?: string;
  age?: number | null;
}

/**
 * The FilterExpression of a users scan, or undefined without conditions. DynamoDB has no
 * `ends_with`, so emailDomain is `contains(email, "@domain")` here and checked exactly by
 * `matchesUserFilter` on what comes back.
 */
export function buildUserFilter(filter: UserFilterSpec | undefined | null): Expression | undefined {
  if (!filter) return undefined;
  const problems = checkUserFilter(filter);
  if (problems.length) throw new ValidationError(problems);
  const p = new Placeholders();
  const parts: string[] = [];
  if (filter.nameBeginsWith != null) parts.push(`begins_with(${p.name('name')}, ${p.value(filter.nameBeginsWith)})`);
  if (filter.emailDomain != null) parts.push(`contains(${p.name('email')}, ${p.value(`@${filter.emailDomain.toLowerCase()}`)})`);
  if (filter.minAge != null) parts.push(`${p.name('age')} >= ${p.value(filter.minAge)}`);
  if (filter.maxAge != null) parts.push(`${p.name('age')} <= ${p.value(filter.maxAge)}`);
  if (!parts.length) return undefined;
  return { expression: parts.join(' AND '), names: p.names, values: p.values };
}

/** The exact check behind the scan's approximate emailDomain condition. */
export function matchesUserFilter(item: { email?: unknown }, filter: UserFilterSpec | undefined | null): boolean {
  if (filter?.emailDomain == null) return true;
  return String(item.email ?? '').endsWith(`@${filter.emailDomain.toLowerCase()}`);
}

function checkUserFilter(filter: UserFilterSpec): FieldError[] {
  const problems: FieldError[] = [];
  if (filter.nameBeginsWith === '') problems.push({ field: 'filter.nameBeginsWith', message: 'must not be empty' });
  if (filter.emailDomain != null && !/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(filter.emailDomain)) {
    problems.push({ field: 'filter.emailDomain', message: 'must be a domain such as example.com' });
  }
  for (const field of ['minAge', 'maxAge'] as const) {
    const age = filter[field];
    if (age != null && (age < 0 || age > 150)) problems.push({ field: `filter.${field}`, message: 'must be from 0 to 150' });
  }
  if (filter.minAge != null && filter.maxAge != null && filter.minAge > filter.maxAge) {
    problems.push({ field: 'filter.minAge', message: 'must not be greater than maxAge' });
  }
  return problems;
}

/** The UpdateExpression of a user update: given fields set, age null removed, version + 1, updated_at now. */
export function buildUserUpdate(changes: UserChanges, now: string, p = new Placeholders()): Expression {
  const set: Record<string, unknown> = { updated_at: now };
  if (changes.email !== undefined) set.email = changes.email;
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.age !== undefined && changes.age !== null) set.age = changes.age;
  return buildUpdate({ set, remove: changes.age === null ? ['age'] : [], increment: { version: 1 } }, p);
}

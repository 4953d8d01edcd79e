import { ValidationError } from '../errors';
import { compileFilterPolicy, FilterPolicyError, matchesFilterPolicy, type CompiledFilterPolicy } from '../lib/filter-policy';
import { encodeAttributes } from '../lib/message-attributes';
import type { MessageAttributeInput } from '../types/attribute.type';
import type { FilterPolicyCheck, FilterPolicyScope } from '../types/topic.type';

/** The policy compiled by the shared validator (the one the local SNS uses), or SNS's reason for refusing it. */
function compile(policy: unknown, scope: FilterPolicyScope): { compiled: CompiledFilterPolicy } | { reason: string } {
  try {
    return { compiled: compileFilterPolicy(policy, scope) };
  } catch (err) {
    if (err instanceof FilterPolicyError) return { reason: err.reason };
    throw err;
  }
}

/** SNS's reason for refusing the policy under the scope, or undefined when it is valid. */
export function filterPolicyProblem(policy: unknown, scope: FilterPolicyScope): string | undefined {
  const result = compile(policy, scope);
  return 'reason' in result ? result.reason : undefined;
}

/**
 * A filter policy checked before it goes to SNS (BAD_USER_INPUT on `field` with SNS's reason),
 * as the JSON text SNS takes. A policy given as JSON text is accepted too.
 */
export function policyText(policy: unknown, scope: FilterPolicyScope, field = 'filterPolicy'): string {
  const result = compile(policy, scope);
  if ('reason' in result) throw ValidationError.of(field, result.reason);
  return typeof policy === 'string' ? JSON.stringify(JSON.parse(policy)) : JSON.stringify(policy);
}

/** Whether a policy is valid and whether a sample message with these attributes would be delivered under it. */
export function checkFilterPolicy(policy: unknown, scope: FilterPolicyScope, message: string | null | undefined, attributes: readonly MessageAttributeInput[] | null | undefined): FilterPolicyCheck {
  const encoded = encodeAttributes(attributes);
  if (encoded.errors.length) throw new ValidationError(encoded.errors);
  const result = compile(policy, scope);
  if ('reason' in result) return { valid: false, errors: [result.reason], matches: false };
  return { valid: true, errors: [], matches: matchesFilterPolicy(result.compiled, { attributes: encoded.attributes, body: message ?? undefined }) };
}

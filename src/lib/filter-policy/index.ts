/**
 * SNS subscription filter policies: validation with SNS's limits and messages, and matching
 * with SNS's documented semantics. One module shared by the local SNS, the API's
 * checkFilterPolicy and the subscription streams.
 */
export { compileFilterPolicy, filterPolicyError, FILTER_POLICY_LIMITS } from './validate';
export { matchesFilterPolicy } from './match';
export { FilterPolicyError } from './types';
export type { CompiledFilterPolicy, FilterAttribute, FilterMessage, FilterPolicyScope, SdkFilterAttribute } from './types';

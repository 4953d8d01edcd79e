import { randomUUID } from 'node:crypto';
import { parseArn } from '../../lib/arn';
import { checkRevision, type Functions } from './control';
import { LambdaError } from './errors';
import type { FunctionRecord } from './model';
import { addStatement, policyDocument, removeStatement, statementFrom } from './policy';
import { str, type Body } from './validate';

/** AddPermission: adds a statement to the function's resource policy and returns it. */
export function addPermission(fns: Functions, ref: string, qualifier: string | null, body: Body): { Statement: string } {
  const fn = fns.find(ref, qualifier);
  checkRevision(fn, str(body, 'RevisionId'));
  const resource = fns.arnOf(fn.name) + (qualifier ? `:${qualifier}` : '');
  const statement = statementFrom(body, resource);
  fn.policy = addStatement(fn.policy, statement);
  policyChanged(fns, fn);
  return { Statement: JSON.stringify(statement) };
}

/** GetPolicy: the policy document, or 404 when the function has no statement. */
export function getPolicy(fns: Functions, ref: string, qualifier: string | null): { Policy: string; RevisionId: string } {
  const fn = fns.find(ref, qualifier);
  if (!fn.policy.length) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.');
  return { Policy: policyDocument(fn.policy), RevisionId: fn.revisionId };
}

/** RemovePermission: drops one statement by its id. */
export function removePermission(fns: Functions, ref: string, sid: string, query: URLSearchParams): void {
  const fn = fns.find(ref, query.get('Qualifier'));
  checkRevision(fn, query.get('RevisionId'));
  fn.policy = removeStatement(fn.policy, sid);
  policyChanged(fns, fn);
}

// A policy change gives the function a new RevisionId (GetPolicy reports it) but is no code or settings change.
function policyChanged(fns: Functions, fn: FunctionRecord): void {
  fn.revisionId = randomUUID();
  fns.store.save(fn);
}

/** The function a tag operation's resource ARN names. */
function tagged(fns: Functions, arn: string): FunctionRecord {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'lambda' || !parsed.resource.startsWith('function:')) {
    throw new LambdaError('InvalidParameterValueException', `The resource ${arn} is not a function ARN.`);
  }
  return fns.find(arn);
}

export function listTags(fns: Functions, arn: string): { Tags: Record<string, string> } {
  return { Tags: tagged(fns, arn).tags };
}

export function tagResource(fns: Functions, arn: string, body: Body): void {
  const fn = tagged(fns, arn);
  const tags = body.Tags;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string')) {
    throw new LambdaError('InvalidParameterValueException', 'Tags must be a map of strings.');
  }
  fn.tags = { ...fn.tags, ...(tags as Record<string, string>) };
  fns.store.save(fn);
}

export function untagResource(fns: Functions, arn: string, query: URLSearchParams): void {
  const fn = tagged(fns, arn);
  const keys = new Set(query.getAll('tagKeys'));
  fn.tags = Object.fromEntries(Object.entries(fn.tags).filter(([k]) => !keys.has(k)));
  fns.store.save(fn);
}

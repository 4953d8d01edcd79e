import { LambdaError, validationError } from './errors';
import { str, type Body } from './validate';

/** One statement of a function's resource-based policy, as GetPolicy returns it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | { Service: string } | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** The largest policy document AWS keeps for one function, in bytes. */
export const POLICY_LIMIT = 20480;

const STATEMENT_ID = /^([a-zA-Z0-9-_.]+)$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;
const ARN = /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/;

/** How AWS writes a principal: services by name, accounts as their root ARN, ARNs as given. */
export function principalOf(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

/** Builds the statement an AddPermission body asks for, on the given (possibly qualified) function ARN. */
export function statementFrom(body: Body, resource: string): PolicyStatement {
  const sid = str(body, 'StatementId');
  const action = str(body, 'Action');
  const principal = str(body, 'Principal');
  const sourceArn = str(body, 'SourceArn');
  const sourceAccount = str(body, 'SourceAccount');
  const problems: string[] = [];
  const fail = (member: string, value: string | undefined, rule: string) => problems.push(`Value ${value === undefined ? 'null' : `'${value}'`} at '${member}' failed to satisfy constraint: ${rule}`);
  if (sid === undefined) fail('statementId', sid, 'Member must not be null');
  else if (sid.length > 100 || !STATEMENT_ID.test(sid)) fail('statementId', sid, `Member must satisfy regular expression pattern: ${STATEMENT_ID.source.slice(1, -1)}`);
  if (action === undefined) fail('action', action, 'Member must not be null');
  else if (!ACTION.test(action)) fail('action', action, `Member must satisfy regular expression pattern: ${ACTION.source.slice(1, -1)}`);
  if (principal === undefined) fail('principal', principal, 'Member must not be null');
  else if (/\s/.test(principal) || principal === '') fail('principal', principal, 'Member must satisfy regular expression pattern: [^\\s]+');
  if (sourceArn !== undefined && !ARN.test(sourceArn)) fail('sourceArn', sourceArn, `Member must satisfy regular expression pattern: ${ARN.source.slice(1, -1)}`);
  if (sourceAccount !== undefined && !/^\d{12}$/.test(sourceAccount)) fail('sourceAccount', sourceAccount, 'Member must satisfy regular expression pattern: \\d{12}');
  if (problems.length) throw validationError(problems);
  const condition = conditionOf(body, sourceArn, sourceAccount);
  return {
    Sid: sid as string,
    Effect: 'Allow',
    Principal: principalOf(principal as string),
    Action: action as string,
    Resource: resource,
    ...(condition ? { Condition: condition } : {}),
  };
}

function conditionOf(body: Body, sourceArn?: string, sourceAccount?: string): PolicyStatement['Condition'] {
  const equals: Record<string, string> = {};
  if (sourceAccount) equals['AWS:SourceAccount'] = sourceAccount;
  const orgId = str(body, 'PrincipalOrgID');
  if (orgId) equals['aws:PrincipalOrgID'] = orgId;
  const token = str(body, 'EventSourceToken');
  if (token) equals['lambda:EventSourceToken'] = token;
  const urlAuth = str(body, 'FunctionUrlAuthType');
  if (urlAuth) equals['lambda:FunctionUrlAuthType'] = urlAuth;
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(equals).length) condition.StringEquals = equals;
  if (sourceArn) condition.ArnLike = { 'AWS:SourceArn': sourceArn };
  return Object.keys(condition).length ? condition : undefined;
}

/** The policy document GetPolicy returns as a string. */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

/** Adds a statement, refusing a duplicate Sid and a document over AWS's size limit. */
export function addStatement(statements: PolicyStatement[], statement: PolicyStatement): PolicyStatement[] {
  if (statements.some((s) => s.Sid === statement.Sid)) {
    throw new LambdaError('ResourceConflictException', `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const next = [...statements, statement];
  const size = Buffer.byteLength(policyDocument(next));
  if (size > POLICY_LIMIT) {
    throw new LambdaError('PolicyLengthExceededException', `The final policy size (${size}) is bigger than the limit (${POLICY_LIMIT}).`);
  }
  return next;
}

/** Removes the statement with the given Sid, or throws AWS's not-found error. */
export function removeStatement(statements: PolicyStatement[], sid: string): PolicyStatement[] {
  if (!statements.some((s) => s.Sid === sid)) throw new LambdaError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`);
  return statements.filter((s) => s.Sid !== sid);
}

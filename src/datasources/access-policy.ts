import { createHash } from 'node:crypto';

/** One statement of an IAM-style resource policy (an SQS queue's Policy attribute). */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

/** Raised when a queue's existing policy can't be read as a policy document. */
export class UnreadablePolicyError extends Error {
  override name = 'UnreadablePolicyError';
}

const SNS = 'sns.amazonaws.com';

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** A statement id per topic, stable (so re-subscribing finds it) and made of letters and digits only. */
export function grantId(prefix: string, topicArn: string): string {
  return `${prefix}${createHash('sha256').update(topicArn).digest('hex').slice(0, 16)}`;
}

/** The statement that lets the topic's SNS deliveries into the queue. */
export function snsSendStatement(queueArn: string, topicArn: string): PolicyStatement {
  return {
    Sid: grantId('AllowSnsTopic', topicArn),
    Effect: 'Allow',
    Principal: { Service: SNS },
    Action: 'sqs:SendMessage',
    Resource: queueArn,
    Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
  };
}

function principalIsSns(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') return list((principal as { Service?: unknown }).Service).includes(SNS);
  return false;
}

function conditionNamesTopic(condition: PolicyStatement['Condition'], topicArn: string): boolean {
  return Object.entries(condition ?? {}).some(
    ([operator, pairs]) =>
      /^(ArnEquals|ArnLike|StringEquals|StringLike)$/.test(operator) &&
      Object.entries(pairs).some(([key, value]) => key.toLowerCase() === 'aws:sourcearn' && list(value).includes(topicArn)),
  );
}

/** Whether a statement already lets the topic send to the queue (ours, or an equivalent one written by hand). */
export function allowsTopic(statement: PolicyStatement, queueArn: string, topicArn: string): boolean {
  const actions = list(statement.Action).map((a) => a.toLowerCase());
  const resources = list(statement.Resource);
  return (
    statement.Effect === 'Allow' &&
    principalIsSns(statement.Principal) &&
    actions.some((a) => a === 'sqs:sendmessage' || a === 'sqs:*' || a === '*') &&
    (resources.length === 0 || resources.includes(queueArn) || resources.includes('*')) &&
    conditionNamesTopic(statement.Condition, topicArn)
  );
}

/**
 * The queue policy with a statement for the topic added, keeping every statement already
 * there; undefined when the topic is already allowed (so subscribing again changes nothing).
 */
export function grantTopic(policyText: string | undefined, queueArn: string, topicArn: string): string | undefined {
  let doc: PolicyDocument = {};
  if (policyText?.trim()) {
    try {
      doc = JSON.parse(policyText) as PolicyDocument;
    } catch (err) {
      throw new UnreadablePolicyError('the queue policy is not valid JSON', { cause: err });
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UnreadablePolicyError('the queue policy is not a JSON object');
  }
  const statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (statements.some((s) => allowsTopic(s, queueArn, topicArn))) return undefined;
  return JSON.stringify({ ...doc, Version: doc.Version ?? '2012-10-17', Statement: [...statements, snsSendStatement(queueArn, topicArn)] });
}

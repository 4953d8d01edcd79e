import { COMPUTED, READABLE } from './attributes';
import { errors, SqsError } from './errors';
import type { Queue } from './queue';
import type { OpContext, Operation, QueueUrlInput } from './types';

const MAX_TAGS = 50;

export const queueOperations: Record<string, Operation> = {
  CreateQueue(input, ctx) {
    const { QueueName, Attributes = {}, tags = {} } = input as { QueueName: string; Attributes?: Record<string, string>; tags?: Record<string, string> };
    validateTags(QueueName, tags, 0);
    const queue = ctx.store.create(QueueName, Attributes, tags);
    return { QueueUrl: ctx.urlOf(queue) };
  },

  GetQueueUrl(input, ctx) {
    const { QueueName, QueueOwnerAWSAccountId } = input as { QueueName: string; QueueOwnerAWSAccountId?: string };
    if (QueueOwnerAWSAccountId !== undefined && QueueOwnerAWSAccountId !== ctx.store.accountId) throw errors.queueDoesNotExist();
    return { QueueUrl: ctx.urlOf(ctx.store.byName(QueueName)) };
  },

  ListQueues(input, ctx) {
    const { QueueNamePrefix = '', NextToken, MaxResults } = input as { QueueNamePrefix?: string; NextToken?: string; MaxResults?: number };
    const names = [...ctx.store.queues.keys()].filter((name) => name.startsWith(QueueNamePrefix)).sort();
    const page = paginate(names, NextToken, MaxResults);
    const urls = page.items.map((name) => ctx.urlOf(ctx.store.queues.get(name) as Queue));
    return urls.length || page.nextToken ? { QueueUrls: urls, NextToken: page.nextToken } : {};
  },

  DeleteQueue(input, ctx) {
    ctx.store.delete(queueOf(input, ctx));
    return undefined;
  },

  PurgeQueue(input, ctx) {
    queueOf(input, ctx).purge();
    return undefined;
  },

  GetQueueAttributes(input, ctx) {
    const queue = queueOf(input, ctx);
    const names = (input as { AttributeNames?: string[] }).AttributeNames ?? [];
    for (const name of names) if (!READABLE.has(name)) throw errors.unknownAttribute(name);
    const attributes = readAttributes(queue, names.includes('All') ? undefined : new Set(names));
    return Object.keys(attributes).length ? { Attributes: attributes } : {};
  },

  SetQueueAttributes(input, ctx) {
    const queue = queueOf(input, ctx);
    const { Attributes } = input as { Attributes: Record<string, string> };
    for (const name of Object.keys(Attributes)) if ((COMPUTED as readonly string[]).includes(name)) throw errors.unknownAttribute(name);
    ctx.store.checkRedrive(queue.arn, queue.fifo, Attributes.RedrivePolicy);
    queue.setAttributes(Attributes);
    return undefined;
  },

  TagQueue(input, ctx) {
    const queue = queueOf(input, ctx);
    const { Tags } = input as { Tags: Record<string, string> };
    validateTags(queue.name, Tags, Object.keys(queue.tags).filter((key) => !(key in Tags)).length);
    queue.tags = { ...queue.tags, ...Tags };
    queue.touch();
    return undefined;
  },

  UntagQueue(input, ctx) {
    const queue = queueOf(input, ctx);
    for (const key of (input as { TagKeys: string[] }).TagKeys) delete queue.tags[key];
    queue.touch();
    return undefined;
  },

  ListQueueTags(input, ctx) {
    const { tags } = queueOf(input, ctx);
    return Object.keys(tags).length ? { Tags: { ...tags } } : {};
  },

  ListDeadLetterSourceQueues(input, ctx) {
    const queue = queueOf(input, ctx);
    const { NextToken, MaxResults } = input as { NextToken?: string; MaxResults?: number };
    const names = ctx.store.deadLetterSources(queue).map((q) => q.name).sort();
    const page = paginate(names, NextToken, MaxResults);
    return { queueUrls: page.items.map((name) => ctx.urlOf(ctx.store.byName(name))), NextToken: page.nextToken };
  },

  AddPermission(input, ctx) {
    const queue = queueOf(input, ctx);
    const { Label, AWSAccountIds, Actions } = input as { Label: string; AWSAccountIds: string[]; Actions: string[] };
    if (Actions.length > 7) throw new SqsError('OverLimit', 'OverLimit', 403, `${Actions.length} Actions were found, maximum allowed is 7.`);
    for (const action of Actions) {
      if (!PERMISSION_ACTIONS.has(action)) throw errors.invalidValue('ActionName', `SQS:${action}`, 'Please refer to the appropriate WSDL for a list of valid actions.');
    }
    const policy = policyOf(queue);
    if (policy.Statement.some((s) => s.Sid === Label)) throw errors.invalidValue('Label', Label, 'Already exists.');
    const principals = AWSAccountIds.map((id) => `arn:aws:iam::${id}:root`);
    const actions = Actions.map((a) => `SQS:${a}`);
    policy.Statement.push({
      Sid: Label,
      Effect: 'Allow',
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: queue.arn,
    });
    queue.setAttributes({ Policy: JSON.stringify(policy) });
    return undefined;
  },

  RemovePermission(input, ctx) {
    const queue = queueOf(input, ctx);
    const { Label } = input as { Label: string };
    const policy = policyOf(queue);
    if (!policy.Statement.some((s) => s.Sid === Label)) throw errors.invalidValue('Label', Label, "can't find label.");
    policy.Statement = policy.Statement.filter((s) => s.Sid !== Label);
    queue.setAttributes({ Policy: policy.Statement.length ? JSON.stringify(policy) : '' });
    return undefined;
  },
};

const PERMISSION_ACTIONS = new Set([
  '*',
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
  'ListQueueTags',
  'TagQueue',
  'UntagQueue',
]);

interface Policy {
  Version: string;
  Id: string;
  Statement: Array<Record<string, unknown>>;
}

function policyOf(queue: Queue): Policy {
  const existing = queue.attributes.Policy ? (JSON.parse(queue.attributes.Policy) as Partial<Policy>) : {};
  return { Version: existing.Version ?? '2012-10-17', Id: existing.Id ?? `${queue.arn}/SQSDefaultPolicy`, Statement: existing.Statement ?? [] };
}

/** The queue named by a request's QueueUrl. */
export function queueOf(input: Record<string, unknown>, ctx: OpContext): Queue {
  return ctx.store.byUrl((input as unknown as QueueUrlInput).QueueUrl);
}

/** The attributes GetQueueAttributes reports: all of them, or the named ones that the queue has. */
export function readAttributes(queue: Queue, names: Set<string> | undefined): Record<string, string> {
  const all: Record<string, string> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(queue.visible.size),
    ApproximateNumberOfMessagesNotVisible: String(queue.inflight),
    ApproximateNumberOfMessagesDelayed: String(queue.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
    ...queue.attributes,
  };
  if (!names) return all;
  const picked: Record<string, string> = {};
  for (const name of names) if (all[name] !== undefined) picked[name] = all[name];
  return picked;
}

function validateTags(queueName: string, tags: Record<string, string>, kept: number): void {
  const keys = Object.keys(tags);
  if (kept + keys.length > MAX_TAGS) throw errors.invalidParameter(`Too many tags added for queue ${queueName}.`);
  for (const key of keys) {
    if (key.length < 1 || key.length > 128) throw errors.invalidParameter('Tag keys must be between 1 and 128 characters in length.');
    if ((tags[key] as string).length > 256) throw errors.invalidParameter('Tag values must be between 0 and 256 characters in length.');
  }
}

/** Pages through sorted names; the token is the last name of the previous page. */
function paginate(names: string[], token: string | undefined, max: number | undefined): { items: string[]; nextToken?: string } {
  if (max !== undefined && (max < 1 || max > 1000)) throw errors.invalidValue('MaxResults', max, 'MaxResults must be an integer between 1 and 1000.');
  let start = 0;
  if (token !== undefined) {
    const after = decodeToken(token);
    start = names.findIndex((name) => name > after);
    if (start < 0) start = names.length;
  }
  const size = max ?? 1000;
  const items = names.slice(start, start + size);
  const more = max !== undefined && start + size < names.length;
  return { items, nextToken: more ? Buffer.from(JSON.stringify({ after: items[items.length - 1] })).toString('base64') : undefined };
}

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // reported below
  }
  throw errors.invalidParameter('Invalid NextToken value.');
}

import { SnsError, invalidParameter, resourceNotFound } from './errors';
import type { QueryParams } from './query';
import type { Operation, SnsRuntime } from './runtime';
import type { Topic } from './state';

const MAX_TAGS = 50;

/** Reads `Tags.member.N.Key/Value`, refusing duplicate keys and out-of-bounds keys and values as SNS does. */
export function readTags(params: QueryParams): Map<string, string> {
  const tags = new Map<string, string>();
  for (const member of params.structs('Tags')) {
    const key = member.get('Key') ?? '';
    const value = member.get('Value') ?? '';
    if (tags.has(key)) throw invalidParameter('Invalid parameter: Duplicated keys are not allowed.');
    if (key.length < 1 || key.length > 128) throw invalidParameter(`Invalid parameter: Tags Reason: Tag key must be between 1 and 128 characters: ${key}`);
    if (value.length > 256) throw invalidParameter(`Invalid parameter: Tags Reason: Tag value must be at most 256 characters: ${key}`);
    tags.set(key, value);
  }
  return tags;
}

/** Adds or replaces tags, keeping at most 50 on a topic. */
export function applyTags(topic: Topic, tags: Map<string, string>): void {
  const merged = { ...topic.tags, ...Object.fromEntries(tags) };
  if (Object.keys(merged).length > MAX_TAGS) throw new SnsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded');
  topic.tags = merged;
}

function taggedTopic(params: QueryParams, rt: SnsRuntime): Topic {
  const arn = params.required('ResourceArn', 'resourceArn');
  const topic = rt.state.topics.get(arn);
  if (!topic) throw resourceNotFound();
  return topic;
}

export const tagOperations: Record<string, Operation> = {
  TagResource(params, rt) {
    const topic = taggedTopic(params, rt);
    applyTags(topic, readTags(params));
    rt.state.changed();
    return {};
  },
  UntagResource(params, rt) {
    const topic = taggedTopic(params, rt);
    for (const key of params.strings('TagKeys')) delete topic.tags[key];
    rt.state.changed();
    return {};
  },
  ListTagsForResource(params, rt) {
    const topic = taggedTopic(params, rt);
    return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
  },
};

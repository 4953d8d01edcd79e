import { topicArn as buildTopicArn } from '../../lib/arn';
import { topicNameFromArn } from './arns';
import { invalidParameter, topicNotFound } from './errors';
import { page } from './paging';
import type { QueryParams } from './query';
import type { Operation, SnsRuntime } from './runtime';
import type { Topic } from './state';
import { applyTags, readTags } from './tags';
import { describeTopic, isSettableTopicAttribute, validateTopicAttribute } from './topic-attributes';
import { XmlMap } from './xml';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

/** The topic a TopicArn parameter names; NotFound when there is none. */
export function topicOf(params: QueryParams, rt: SnsRuntime, action: string, member = 'TopicArn'): Topic {
  const arn = params.get(member);
  topicNameFromArn(arn, rt, action, member);
  const topic = rt.state.topics.get(arn as string);
  if (!topic) throw topicNotFound();
  return topic;
}

function checkName(name: string, fifo: boolean): void {
  if (!(fifo ? FIFO_TOPIC_NAME : TOPIC_NAME).test(name)) throw invalidParameter('Invalid parameter: Topic Name');
}

function readCreateAttributes(params: QueryParams): { fifo: boolean; attributes: Map<string, string> } {
  const attributes = params.map('Attributes');
  const fifoText = attributes.get('FifoTopic') ?? 'false';
  if (fifoText !== 'true' && fifoText !== 'false') throw invalidParameter(`Invalid parameter: Attributes Reason: FifoTopic: Invalid value [${fifoText}]. Must be true or false.`);
  attributes.delete('FifoTopic');
  const fifo = fifoText === 'true';
  for (const [name, value] of attributes) {
    if (!isSettableTopicAttribute(name)) throw invalidParameter(`Invalid parameter: Attributes Reason: Invalid attribute name: ${name}`);
    validateTopicAttribute(name, value, fifo);
  }
  return { fifo, attributes };
}

/** CreateTopic of an existing name succeeds only when every given attribute and tag already holds. */
function checkSameTopic(topic: Topic, fifo: boolean, attributes: Map<string, string>, tags: Map<string, string>): void {
  const sameAttributes =
    fifo === topic.fifo && [...attributes].every(([name, value]) => (topic.attributes[name] ?? (name === 'DisplayName' ? '' : undefined)) === value);
  if (!sameAttributes) throw invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
  if (![...tags].every(([key, value]) => topic.tags[key] === value)) {
    throw invalidParameter('Invalid parameter: Tags Reason: Topic already exists with different tags');
  }
}

export const topicOperations: Record<string, Operation> = {
  CreateTopic(params, rt) {
    const name = params.get('Name') ?? '';
    const { fifo, attributes } = readCreateAttributes(params);
    checkName(name, fifo);
    const tags = readTags(params);
    const arn = buildTopicArn(rt.region, rt.accountId, name);
    const existing = rt.state.topics.get(arn);
    if (existing) {
      checkSameTopic(existing, fifo, attributes, tags);
      return { TopicArn: arn };
    }
    const topic: Topic = { arn, name, fifo, attributes: Object.fromEntries(attributes), tags: {}, deleted: 0, sequence: '0' };
    applyTags(topic, tags);
    rt.state.topics.set(arn, topic);
    rt.state.changed();
    return { TopicArn: arn };
  },

  DeleteTopic(params, rt) {
    const arn = params.get('TopicArn');
    topicNameFromArn(arn, rt, 'DeleteTopic');
    // Deleting a topic that does not exist succeeds, as on AWS.
    if (rt.state.topics.delete(arn as string)) {
      for (const sub of rt.state.subscriptionsOf(arn as string)) rt.state.subscriptions.delete(sub.arn);
      rt.state.changed();
    }
    return undefined;
  },

  ListTopics(params, rt) {
    const result = page([...rt.state.topics.keys()], params.get('NextToken'));
    return { Topics: result.items.map((TopicArn) => ({ TopicArn })), NextToken: result.nextToken };
  },

  GetTopicAttributes(params, rt) {
    return { Attributes: new XmlMap(describeTopic(topicOf(params, rt, 'GetTopicAttributes'), rt)) };
  },

  SetTopicAttributes(params, rt) {
    const topic = topicOf(params, rt, 'SetTopicAttributes');
    const name = params.get('AttributeName') ?? '';
    const value = params.get('AttributeValue') ?? '';
    if (!isSettableTopicAttribute(name)) throw invalidParameter('Invalid parameter: AttributeName');
    validateTopicAttribute(name, value, topic.fifo);
    topic.attributes[name] = value;
    rt.state.changed();
    return undefined;
  },
};

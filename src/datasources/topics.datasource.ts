import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTopicsCommand,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import DataLoader from 'dataloader';
import type { SnsAccount } from '../aws/sns-account';
import { describeFields, PreconditionFailedError, ValidationError } from '../errors';
import type { CursorCodec } from '../lib/cursor';
import type { BatchFailure } from '../types/batch.type';
import { problemsOf } from '../lib/validate';
import { BatchPublishInput, type CreateTopicInput, type PublishInput } from '../types/topic.input';
import type { BatchPublishResult, PublishResult, Topic, TopicPage } from '../types/topic.type';
import { decodeNextToken } from './next-token';
import { publishInBatches, type IndexedPublish } from './sns-batch';
import { messageBytes, publishProblems, snsAttributes, type OutgoingMessage } from './sns-messages';
import { snsError, TopicRefs, topicNotFound, topicOfArn } from './topic-refs';

/** What GetTopicAttributes tells about a topic. */
export interface TopicAttributes {
  displayName: string | null;
  subscriptionsConfirmed: number;
  subscriptionsPending: number;
}

export interface TopicsDeps {
  sns: SNSClient;
  region: string;
  account: SnsAccount;
  cursors: CursorCodec;
  /** The API's events topic, which deleteTopic refuses to delete. */
  eventsTopic: string;
}

/** SNS topics: listing, lookup, create/delete, publish and batched publish. */
export class TopicsDataSource {
  private readonly refs: TopicRefs;
  /** GetTopicAttributes once per topic per request, however many fields ask. */
  private readonly attributeLoader = new DataLoader<string, TopicAttributes | null>((arns) => Promise.all(arns.map((arn) => this.readAttributes(arn))));

  constructor(private readonly deps: TopicsDeps) {
    this.refs = new TopicRefs(deps);
  }

  /** One page of the account's topics (SNS pages by 100), newest SNS order. */
  async page(nextToken?: string | null): Promise<TopicPage> {
    const position = nextToken ? decodeNextToken<string>(this.deps.cursors, 'topics', nextToken) : undefined;
    const out = await this.call(() => this.deps.sns.send(new ListTopicsCommand({ NextToken: position })), 'list topics', 'nextToken');
    const arns = (out.Topics ?? []).map((t) => t.TopicArn ?? '').filter(Boolean);
    arns.forEach((arn) => this.deps.account.learn(arn));
    return { items: arns.map(topicOfArn), nextToken: out.NextToken ? this.deps.cursors.encode('topics', out.NextToken) : null };
  }

  /** A topic by name or ARN, or null when there is none. */
  async get(ref: string): Promise<Topic | null> {
    const arn = await this.refs.arnOf(ref, 'name');
    if (!arn) return null;
    return (await this.attributes(arn)) ? topicOfArn(arn) : null;
  }

  /** The topic's attributes (null when it no longer exists). */
  attributes(arn: string): Promise<TopicAttributes | null> {
    return this.attributeLoader.load(arn);
  }

  /** Creates the topic, or returns it when it exists with the same settings (SNS's CreateTopic is idempotent). */
  async create(input: CreateTopicInput): Promise<Topic> {
    const name = topicName(input);
    const attributes: Record<string, string> = {};
    if (input.fifo) attributes.FifoTopic = 'true';
    if (input.contentBasedDeduplication != null) attributes.ContentBasedDeduplication = String(input.contentBasedDeduplication);
    if (input.displayName) attributes.DisplayName = input.displayName;
    const out = await this.call(() => this.deps.sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes })), `create topic ${name}`, 'name');
    this.deps.account.learn(out.TopicArn);
    this.attributeLoader.clear(out.TopicArn ?? '');
    return topicOfArn(out.TopicArn ?? name);
  }

  /** Deletes the topic and its subscriptions; NOT_FOUND when there is none. */
  async remove(ref: string): Promise<boolean> {
    const arn = await this.refs.requireArn(ref, 'name');
    if (arn === (await this.refs.arnOf(this.deps.eventsTopic))) {
      throw new PreconditionFailedError(`Topic ${ref} is the API's events topic (EVENTS_TOPIC); publishEvent needs it`);
    }
    if (!(await this.readAttributes(arn))) throw topicNotFound(ref);
    await this.call(() => this.deps.sns.send(new DeleteTopicCommand({ TopicArn: arn })), `delete topic ${ref}`, 'name', ref);
    return true;
  }

  /** Publishes one message; FIFO topics need a groupId. */
  async publish(input: PublishInput): Promise<PublishResult> {
    const arn = await this.refs.requireArn(input.topic);
    const problems = publishProblems(input, topicOfArn(arn).fifo);
    if (problems.length) throw new ValidationError(problems);
    const out = await this.call(() => this.deps.sns.send(new PublishCommand({ TopicArn: arn, ...publishParams(input) })), `publish to ${input.topic}`, 'message', input.topic);
    return { messageId: out.MessageId ?? '', sequenceNumber: out.SequenceNumber ?? null };
  }

  /**
   * Publishes any number of messages, 10 (and at most 256 KB) per PublishBatch call. An entry
   * that breaks a rule, or that SNS refuses, is reported in `failed` under its index; the others
   * are still published (as sendMessages does for queues).
   */
  async publishBatch(ref: string, entries: BatchPublishInput[]): Promise<BatchPublishResult> {
    const arn = await this.refs.requireArn(ref);
    const fifo = topicOfArn(arn).fifo;
    const failed: BatchFailure[] = [];
    const valid: IndexedPublish[] = [];
    for (const [index, entry] of entries.entries()) {
      const problems = [...(await problemsOf(BatchPublishInput, entry)), ...publishProblems(entry, fifo)];
      if (problems.length) failed.push({ index, id: null, code: 'BAD_USER_INPUT', message: describeFields(problems, '') });
      else valid.push({ index, entry: publishParams(entry), size: messageBytes(entry) });
    }
    const outcome = valid.length ? await publishInBatches(this.deps.sns, arn, ref, valid) : { published: [], failed: [] };
    return { published: outcome.published.map((p) => p.result), failed: [...failed, ...outcome.failed].sort((a, b) => a.index - b.index) };
  }

  private async readAttributes(arn: string): Promise<TopicAttributes | null> {
    try {
      const out = await this.deps.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
      const a = out.Attributes ?? {};
      return { displayName: a.DisplayName || null, subscriptionsConfirmed: Number(a.SubscriptionsConfirmed ?? 0), subscriptionsPending: Number(a.SubscriptionsPending ?? 0) };
    } catch (err) {
      const mapped = snsError(err, { notFound: () => topicNotFound(arn), field: 'name', action: `read topic ${arn}` });
      if ((mapped as { code?: string }).code === 'NOT_FOUND') return null;
      throw mapped;
    }
  }

  private async call<T>(send: () => Promise<T>, action: string, field: string, ref = ''): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw snsError(err, { notFound: () => topicNotFound(ref), field, action });
    }
  }
}

/** The topic name to create: FIFO names get .fifo; .fifo without fifo: true is refused. */
export function topicName({ name, fifo, contentBasedDeduplication }: Pick<CreateTopicInput, 'name' | 'fifo' | 'contentBasedDeduplication'>): string {
  if (!fifo && name.endsWith('.fifo')) throw ValidationError.of('name', 'name ends with .fifo but fifo is not true; set fifo: true for a FIFO topic');
  if (!fifo && contentBasedDeduplication) throw ValidationError.of('contentBasedDeduplication', 'contentBasedDeduplication applies only to FIFO topics');
  const full = fifo && !name.endsWith('.fifo') ? `${name}.fifo` : name;
  if (full.length > 256) throw ValidationError.of('name', 'name must be at most 256 characters, .fifo included');
  return full;
}

function publishParams(m: OutgoingMessage) {
  return {
    Message: m.message,
    Subject: m.subject ?? undefined,
    MessageAttributes: snsAttributes(m.attributes),
    MessageGroupId: m.groupId ?? undefined,
    MessageDeduplicationId: m.deduplicationId ?? undefined,
  };
}


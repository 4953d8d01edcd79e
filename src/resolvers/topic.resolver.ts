import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { CreateTopicInput, PublishBatchArgs, PublishInput } from '../types/topic.input';
import { BatchPublishResult, PublishResult, Topic, TopicPage, TopicSubscriptionPage } from '../types/topic.type';

@Resolver(() => Topic)
export class TopicResolver {
  /** One page of the account's topics (SNS returns up to 100 per page). */
  @Query(() => TopicPage)
  topics(@Arg('nextToken', () => String, { nullable: true }) nextToken: string | null, @Ctx() { sources }: Context): Promise<TopicPage> {
    return sources.topics.page(nextToken);
  }

  /** A topic by name or ARN; null when there is none. */
  @Query(() => Topic, { nullable: true })
  topic(@Arg('name', () => String) name: string, @Ctx() { sources }: Context): Promise<Topic | null> {
    return sources.topics.get(name);
  }

  @Mutation(() => Topic)
  createTopic(@Arg('input', () => CreateTopicInput) input: CreateTopicInput, @Ctx() { sources }: Context): Promise<Topic> {
    return sources.topics.create(input);
  }

  @Mutation(() => Boolean)
  deleteTopic(@Arg('name', () => String) name: string, @Ctx() { sources }: Context): Promise<boolean> {
    return sources.topics.remove(name);
  }

  @Mutation(() => PublishResult)
  publish(@Arg('input', () => PublishInput) input: PublishInput, @Ctx() { sources }: Context): Promise<PublishResult> {
    return sources.topics.publish(input);
  }

  /** Any number of entries, published in batches of 10; bad entries come back in failed by index. */
  @Mutation(() => BatchPublishResult)
  publishBatch(@Args(() => PublishBatchArgs) { topic, entries }: PublishBatchArgs, @Ctx() { sources }: Context): Promise<BatchPublishResult> {
    return sources.topics.publishBatch(topic, entries);
  }

  @FieldResolver(() => String, { nullable: true })
  async displayName(@Root() topic: Topic, @Ctx() { sources }: Context): Promise<string | null> {
    return (await sources.topics.attributes(topic.arn))?.displayName ?? null;
  }

  @FieldResolver(() => Int)
  async subscriptionsConfirmed(@Root() topic: Topic, @Ctx() { sources }: Context): Promise<number> {
    return (await sources.topics.attributes(topic.arn))?.subscriptionsConfirmed ?? 0;
  }

  @FieldResolver(() => Int)
  async subscriptionsPending(@Root() topic: Topic, @Ctx() { sources }: Context): Promise<number> {
    return (await sources.topics.attributes(topic.arn))?.subscriptionsPending ?? 0;
  }

  @FieldResolver(() => TopicSubscriptionPage)
  subscriptions(@Root() topic: Topic, @Arg('nextToken', () => String, { nullable: true }) nextToken: string | null, @Ctx() { sources }: Context): Promise<TopicSubscriptionPage> {
    return sources.topicSubscriptions.page(topic.arn, nextToken);
  }
}

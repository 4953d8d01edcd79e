import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { MessageAttributeInput } from '../types/attribute.type';
import { JSONScalar } from '../types/common';
import { SubscribeInput } from '../types/topic.input';
import { FilterPolicyCheck, FilterPolicyScope, TopicSubscription } from '../types/topic.type';

@Resolver(() => TopicSubscription)
export class TopicSubscriptionResolver {
  @Mutation(() => TopicSubscription, { description: 'For SQS endpoints it also grants the topic permission to send to the queue.' })
  subscribe(@Arg('input', () => SubscribeInput) input: SubscribeInput, @Ctx() { sources }: Context): Promise<TopicSubscription> {
    return sources.topicSubscriptions.subscribe(input);
  }

  @Mutation(() => Boolean)
  unsubscribe(@Arg('arn', () => String) arn: string, @Ctx() { sources }: Context): Promise<boolean> {
    return sources.topicSubscriptions.unsubscribe(arn);
  }

  /** Replaces the filter policy; null removes it. */
  @Mutation(() => TopicSubscription)
  setFilterPolicy(
    @Arg('subscriptionArn', () => String) subscriptionArn: string,
    @Arg('filterPolicy', () => JSONScalar, { nullable: true, validate: false }) filterPolicy: unknown,
    @Arg('scope', () => FilterPolicyScope, { nullable: true, defaultValue: FilterPolicyScope.MESSAGE_ATTRIBUTES }) scope: FilterPolicyScope | null,
    @Ctx() { sources }: Context,
  ): Promise<TopicSubscription> {
    return sources.topicSubscriptions.setFilterPolicy(subscriptionArn, filterPolicy, scope ?? FilterPolicyScope.MESSAGE_ATTRIBUTES);
  }

  /** Validates a policy and says whether a sample message and attributes would be delivered (the local SNS's matcher). */
  @Query(() => FilterPolicyCheck)
  checkFilterPolicy(
    @Arg('filterPolicy', () => JSONScalar, { validate: false }) filterPolicy: unknown,
    @Arg('scope', () => FilterPolicyScope, { nullable: true, defaultValue: FilterPolicyScope.MESSAGE_ATTRIBUTES }) scope: FilterPolicyScope | null,
    @Arg('message', () => String, { nullable: true }) message: string | null,
    @Arg('attributes', () => [MessageAttributeInput], { nullable: true }) attributes: MessageAttributeInput[] | null,
    @Ctx() { sources }: Context,
  ): FilterPolicyCheck {
    return sources.topicSubscriptions.checkFilterPolicy(filterPolicy, scope ?? FilterPolicyScope.MESSAGE_ATTRIBUTES, message, attributes);
  }

  @FieldResolver(() => JSONScalar, { nullable: true })
  async filterPolicy(@Root() sub: TopicSubscription, @Ctx() { sources }: Context): Promise<unknown> {
    return (await sources.topicSubscriptions.settings(sub)).filterPolicy;
  }

  @FieldResolver(() => FilterPolicyScope, { nullable: true })
  async filterPolicyScope(@Root() sub: TopicSubscription, @Ctx() { sources }: Context): Promise<FilterPolicyScope | null> {
    return (await sources.topicSubscriptions.settings(sub)).filterPolicyScope;
  }

  @FieldResolver(() => Boolean)
  async rawMessageDelivery(@Root() sub: TopicSubscription, @Ctx() { sources }: Context): Promise<boolean> {
    return (await sources.topicSubscriptions.settings(sub)).rawMessageDelivery;
  }
}

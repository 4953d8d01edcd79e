import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { MessageAttribute } from './attribute.type';
import { BatchFailure } from './batch.type';
import { JSONScalar } from './common';

/** Subscription protocols the API manages; the values are SNS's own protocol names. */
export enum Protocol {
  SQS = 'sqs',
  LAMBDA = 'lambda',
  EMAIL = 'email',
  EMAIL_JSON = 'email-json',
  HTTP = 'http',
  HTTPS = 'https',
}
registerEnumType(Protocol, { name: 'Protocol' });

/** Where a filter policy looks; the values are SNS's FilterPolicyScope values. */
export enum FilterPolicyScope {
  MESSAGE_ATTRIBUTES = 'MessageAttributes',
  MESSAGE_BODY = 'MessageBody',
}
registerEnumType(FilterPolicyScope, { name: 'FilterPolicyScope' });

/** A subscription's filtering and delivery settings, read with GetSubscriptionAttributes. */
export interface SubscriptionSettings {
  filterPolicy: unknown;
  filterPolicyScope: FilterPolicyScope | null;
  rawMessageDelivery: boolean;
}

/**
 * filterPolicy, filterPolicyScope and rawMessageDelivery are field resolvers: a page of
 * subscriptions only costs a GetSubscriptionAttributes per subscription when they are asked for.
 */
@ObjectType()
export class TopicSubscription {
  @Field(() => String, { description: 'The subscription ARN, or PendingConfirmation for an unconfirmed email/http endpoint.' })
  arn!: string;

  @Field(() => String) topicArn!: string;
  @Field(() => Protocol) protocol!: Protocol;
  @Field(() => String) endpoint!: string;
  @Field(() => Boolean) pendingConfirmation!: boolean;

  /** Known settings (after subscribe or setFilterPolicy); loaded on demand otherwise. */
  settings?: SubscriptionSettings;
}

@ObjectType()
export class TopicSubscriptionPage {
  @Field(() => [TopicSubscription]) items!: TopicSubscription[];
  @Field(() => String, { nullable: true }) nextToken?: string | null;
}

/** displayName, the subscription counts and subscriptions are field resolvers (GetTopicAttributes, ListSubscriptionsByTopic). */
@ObjectType()
export class Topic {
  @Field(() => String) name!: string;
  @Field(() => String) arn!: string;
  @Field(() => Boolean) fifo!: boolean;
}

@ObjectType()
export class TopicPage {
  @Field(() => [Topic]) items!: Topic[];
  @Field(() => String, { nullable: true }) nextToken?: string | null;
}

@ObjectType()
export class PublishResult {
  @Field(() => ID) messageId!: string;
  @Field(() => String, { nullable: true }) sequenceNumber?: string | null;
}

@ObjectType()
export class BatchPublishResult {
  @Field(() => [PublishResult]) published!: PublishResult[];
  @Field(() => [BatchFailure]) failed!: BatchFailure[];
}

@ObjectType()
export class FilterPolicyCheck {
  @Field(() => Boolean, { description: 'Whether the policy itself is valid; errors explain why not.' })
  valid!: boolean;

  @Field(() => [String]) errors!: string[];

  @Field(() => Boolean, { description: 'Whether the sample message would be delivered.' })
  matches!: boolean;
}

@ObjectType({ description: 'A message delivered to a topicMessages subscriber.' })
export class TopicMessage {
  @Field(() => ID) messageId!: string;
  @Field(() => String) topicArn!: string;
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field(() => String) message!: string;
  @Field(() => JSONScalar, { nullable: true }) json?: unknown;
  @Field(() => [MessageAttribute]) attributes!: MessageAttribute[];
  @Field(() => Date) timestamp!: Date;
}

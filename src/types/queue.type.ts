import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MessageAttribute } from './attribute.type';
import { BatchFailure } from './batch.type';
import { JSONScalar } from './common';

/** How a messageReceived subscriber acknowledges messages. */
export enum AckMode {
  AUTO = 'AUTO',
  MANUAL = 'MANUAL',
}
registerEnumType(AckMode, {
  name: 'AckMode',
  description: 'AUTO deletes a message once it is written to the subscriber; MANUAL leaves that to deleteMessage.',
});

/** A queue's settings and counters, as GetQueueAttributes reports them. */
@ObjectType()
export class QueueAttributes {
  @Field(() => Int) visibilityTimeout!: number;
  @Field(() => Int) messageRetentionPeriod!: number;
  @Field(() => Int) delaySeconds!: number;
  @Field(() => Int) receiveMessageWaitTimeSeconds!: number;
  @Field(() => Int) maximumMessageSize!: number;
  @Field(() => Int) approximateNumberOfMessages!: number;
  @Field(() => Int) approximateNumberOfMessagesNotVisible!: number;
  @Field(() => Int) approximateNumberOfMessagesDelayed!: number;
  /** Null for standard queues, which have no deduplication. */
  @Field(() => Boolean, { nullable: true }) contentBasedDeduplication!: boolean | null;
  @Field(() => String, { nullable: true }) deadLetterTargetArn!: string | null;
  @Field(() => Int, { nullable: true }) maxReceiveCount!: number | null;
  @Field(() => Date, { nullable: true }) createdAt!: Date | null;
}

/**
 * An SQS queue. `arn` and `attributes` are resolved by QueueResolver from GetQueueAttributes
 * (once per queue and request), so listing names costs no call per queue.
 */
@ObjectType()
export class Queue {
  @Field(() => String) name!: string;
  @Field(() => String) url!: string;
  @Field(() => Boolean) fifo!: boolean;
}

@ObjectType()
export class QueuePage {
  @Field(() => [Queue]) items!: Queue[];
  @Field(() => String, { nullable: true }) nextToken!: string | null;
}

/** A message received from a queue; an SNS envelope is unwrapped to the published message. */
@ObjectType()
export class Message {
  @Field(() => ID) messageId!: string;
  @Field(() => String, { description: 'Name of the queue it came from.' }) queue!: string;
  @Field(() => String) body!: string;
  @Field(() => JSONScalar, { nullable: true, description: 'The body parsed as JSON, or null when it is not JSON.' }) json!: unknown;
  @Field(() => [MessageAttribute]) attributes!: MessageAttribute[];
  @Field(() => String, { nullable: true }) receiptHandle!: string | null;
  @Field(() => Date, { nullable: true }) sentAt!: Date | null;
  @Field(() => Int, { nullable: true }) receiveCount!: number | null;
  @Field(() => String, { nullable: true }) groupId!: string | null;
  @Field(() => String, { nullable: true }) sequenceNumber!: string | null;
}

@ObjectType()
export class SendMessageResult {
  @Field(() => ID) messageId!: string;
  /** FIFO queues only. */
  @Field(() => String, { nullable: true }) sequenceNumber!: string | null;
  @Field(() => String) md5OfBody!: string;
}

@ObjectType()
export class BatchSendResult {
  @Field(() => [SendMessageResult]) sent!: SendMessageResult[];
  @Field(() => [BatchFailure]) failed!: BatchFailure[];
}

@ObjectType()
export class RedriveResult {
  @Field(() => String) taskHandle!: string;
}

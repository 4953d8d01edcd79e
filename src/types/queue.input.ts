import { ArrayMaxSize, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MessageAttributeInput } from './attribute.type';

/** AWS's rule for a queue name; a FIFO name's .fifo suffix counts towards the 80 characters. */
const QUEUE_NAME = /^[A-Za-z0-9_-]+(\.fifo)?$/;
const QUEUE_NAME_RULE = 'must be 1-80 characters of A-Z a-z 0-9 _ - (a FIFO queue may end with .fifo)';
/** MessageGroupId and MessageDeduplicationId: 1-128 alphanumeric or punctuation characters. */
const MESSAGE_TOKEN = /^[\x21-\x7e]{1,128}$/;
const MESSAGE_TOKEN_RULE = 'must be 1-128 characters of letters, digits and punctuation';

@InputType()
export class DeadLetterInput {
  @Field(() => String, { description: 'Name, URL or ARN of the dead-letter queue.' })
  @MinLength(1)
  queue!: string;

  /** Receives before SQS moves a message to the dead-letter queue: 1-1000. */
  @Field(() => Int)
  @Min(1)
  @Max(1000)
  maxReceiveCount!: number;
}

@InputType()
export class CreateQueueInput {
  @Field(() => String, { description: 'A FIFO queue\'s name gets .fifo appended when missing.' })
  @MaxLength(80)
  @Matches(QUEUE_NAME, { message: `name ${QUEUE_NAME_RULE}` })
  name!: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  fifo?: boolean | null;

  /** Seconds a received message stays hidden: 0-43200 (12 h). */
  @Field(() => Int, { nullable: true, defaultValue: 30 })
  @IsOptional()
  @Min(0)
  @Max(43200)
  visibilityTimeout?: number | null;

  /** Seconds a message is kept: 60-1209600 (14 days). */
  @Field(() => Int, { nullable: true, defaultValue: 345600 })
  @IsOptional()
  @Min(60)
  @Max(1209600)
  messageRetentionPeriod?: number | null;

  /** Seconds every new message is delayed: 0-900. */
  @Field(() => Int, { nullable: true, defaultValue: 0 })
  @IsOptional()
  @Min(0)
  @Max(900)
  delaySeconds?: number | null;

  /** Default long-polling wait of ReceiveMessage: 0-20 seconds. */
  @Field(() => Int, { nullable: true, defaultValue: 0 })
  @IsOptional()
  @Min(0)
  @Max(20)
  receiveMessageWaitTimeSeconds?: number | null;

  /** FIFO queues only: deduplicate by a SHA-256 of the body when no deduplicationId is given. */
  @Field(() => Boolean, { nullable: true })
  contentBasedDeduplication?: boolean | null;

  @Field(() => DeadLetterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  deadLetter?: DeadLetterInput | null;
}

/** What sendMessage and every sendMessages entry have in common (not in the schema: nothing refers to it). */
@InputType()
abstract class MessageFields {
  /** At least one character; with its attributes at most 1 MiB. */
  @Field(() => String)
  @MinLength(1)
  body!: string;

  /** Up to 10 attributes. */
  @Field(() => [MessageAttributeInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested()
  attributes?: MessageAttributeInput[] | null;

  /** 0-900 seconds; standard queues only (FIFO queues take the queue's delay). */
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(900)
  delaySeconds?: number | null;

  /** MessageGroupId: required by FIFO queues. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(MESSAGE_TOKEN, { message: `groupId ${MESSAGE_TOKEN_RULE}` })
  groupId?: string | null;

  /** MessageDeduplicationId: FIFO queues only; passed through as given. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(MESSAGE_TOKEN, { message: `deduplicationId ${MESSAGE_TOKEN_RULE}` })
  deduplicationId?: string | null;
}

@InputType()
export class SendMessageInput extends MessageFields {
  /** Name, URL or ARN of the queue. */
  @Field(() => String)
  @MinLength(1)
  queue!: string;
}

@InputType()
export class BatchMessageInput extends MessageFields {}

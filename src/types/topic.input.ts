import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { MessageAttributeInput } from './attribute.type';
import { IsWellFormedText } from '../lib/validate';
import { JSONScalar } from './common';
import { FilterPolicyScope, Protocol } from './topic.type';

/** SNS: up to 128 alphanumeric and punctuation characters. */
const MESSAGE_TOKEN = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
const TOKEN_RULE = '1-128 letters, digits and punctuation';

@InputType()
export class CreateTopicInput {
  @Field(() => String, { description: "A FIFO topic's name gets .fifo appended when missing." })
  @Matches(/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/, { message: 'name must be 1-256 characters of A-Z a-z 0-9 _ - (plus .fifo for a FIFO topic)' })
  name!: string;

  /** Nullable as in the contract; null means false. */
  @Field(() => Boolean, { nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  fifo?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  contentBasedDeduplication?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @IsWellFormedText()
  displayName?: string | null;
}

/** What PublishInput and BatchPublishInput share. */
@InputType()
export abstract class PublishFields {
  /** Size (with the attributes, 256 KB at most) is checked by the datasource. */
  @Field(() => String)
  @Length(1, 262144)
  @IsWellFormedText()
  message!: string;

  /** AWS: printable ASCII starting with a letter, digit or punctuation; no line breaks; under 100 characters. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[\x21-\x7e][\x20-\x7e]{0,98}$/, { message: 'subject must be 1-99 printable ASCII characters starting with a letter, digit or punctuation mark, without line breaks' })
  subject?: string | null;

  @Field(() => [MessageAttributeInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10, { message: 'attributes can hold at most 10 entries (the SNS limit)' })
  @ValidateNested()
  attributes?: MessageAttributeInput[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(MESSAGE_TOKEN, { message: `groupId must be ${TOKEN_RULE}` })
  groupId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(MESSAGE_TOKEN, { message: `deduplicationId must be ${TOKEN_RULE}` })
  deduplicationId?: string | null;
}

@InputType()
export class PublishInput extends PublishFields {
  /** Name or ARN. */
  @Field(() => String)
  @Length(1, 1024)
  topic!: string;
}

@InputType()
export class BatchPublishInput extends PublishFields {}

@ArgsType()
export class PublishBatchArgs {
  /** Name or ARN. */
  @Field(() => String)
  @Length(1, 1024)
  topic!: string;

  /** Not validated here as a whole: an entry that breaks a rule is reported in `failed` under its index and the others are still published. */
  @Field(() => [BatchPublishInput])
  @ArrayMinSize(1, { message: 'entries must hold at least one message' })
  entries!: BatchPublishInput[];
}

@InputType()
export class SubscribeInput {
  /** Name or ARN. */
  @Field(() => String)
  @Length(1, 1024)
  topic!: string;

  @Field(() => Protocol)
  @IsIn(Object.values(Protocol))
  protocol!: Protocol;

  @Field(() => String, { description: 'Queue name/URL/ARN, function name/ARN, email address or URL, by protocol.' })
  @Length(1, 2048)
  @IsWellFormedText()
  endpoint!: string;

  /** Validated with the shared filter-policy validator by the datasource. */
  @Field(() => JSONScalar, { nullable: true })
  filterPolicy?: unknown;

  /** Nullable as in the contract; null means MESSAGE_ATTRIBUTES. */
  @Field(() => FilterPolicyScope, { nullable: true, defaultValue: FilterPolicyScope.MESSAGE_ATTRIBUTES })
  @IsOptional()
  @IsIn(Object.values(FilterPolicyScope))
  filterPolicyScope?: FilterPolicyScope | null;

  /** Nullable as in the contract; null means false. */
  @Field(() => Boolean, { nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  rawMessageDelivery?: boolean | null;
}

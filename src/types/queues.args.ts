import { ArrayMinSize, IsOptional, Matches, Max, Min, MinLength } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { BatchMessageInput } from './queue.input';

@ArgsType()
export class QueuesArgs {
  /** Only queues whose name starts with this. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{0,80}$/, { message: 'prefix must be up to 80 characters of A-Z a-z 0-9 _ - .' })
  prefix?: string | null;

  /** 1-1000 queues per page. */
  @Field(() => Int, { nullable: true, defaultValue: 100 })
  @IsOptional()
  @Min(1)
  @Max(1000)
  limit?: number | null;

  @Field(() => String, { nullable: true })
  nextToken?: string | null;
}

@ArgsType()
export class SendMessagesArgs {
  /** Name, URL or ARN of the queue. */
  @Field(() => String)
  @MinLength(1)
  queue!: string;

  /**
   * Any number of entries. They are not validated here as a whole: an entry that breaks a rule
   * is reported in `failed` under its index and the others are still sent.
   */
  @Field(() => [BatchMessageInput])
  @ArrayMinSize(1)
  entries!: BatchMessageInput[];
}

@ArgsType()
export class ReceiveMessagesArgs {
  /** Name, URL or ARN of the queue. */
  @Field(() => String)
  @MinLength(1)
  queue!: string;

  /** 1-10. */
  @Field(() => Int, { nullable: true, defaultValue: 1 })
  @IsOptional()
  @Min(1)
  @Max(10)
  maxMessages?: number | null;

  /** 0-20 seconds of long polling. */
  @Field(() => Int, { nullable: true, defaultValue: 0 })
  @IsOptional()
  @Min(0)
  @Max(20)
  waitTimeSeconds?: number | null;

  /** Seconds the received messages stay hidden, 0-43200; the queue's own setting when omitted. */
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(43200)
  visibilityTimeout?: number | null;
}

@ArgsType()
export class ChangeVisibilityArgs {
  @Field(() => String)
  @MinLength(1)
  queue!: string;

  @Field(() => String)
  @MinLength(1)
  receiptHandle!: string;

  /** 0-43200 seconds from now; 0 makes the message visible again at once. */
  @Field(() => Int)
  @Min(0)
  @Max(43200)
  visibilityTimeout!: number;
}

import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONScalar } from './common';

/** How Lambda runs an invocation (AWS's InvocationType). */
export enum InvocationType {
  REQUEST_RESPONSE = 'REQUEST_RESPONSE',
  EVENT = 'EVENT',
  DRY_RUN = 'DRY_RUN',
}
registerEnumType(InvocationType, {
  name: 'InvocationType',
  valuesConfig: {
    REQUEST_RESPONSE: { description: 'Synchronous: waits for the function and returns its result (200).' },
    EVENT: { description: 'Asynchronous: queued for the function, answered with 202 and no payload.' },
    DRY_RUN: { description: 'Only checks that the call would be allowed: 204 and no payload.' },
  },
});

/** What this server has seen of one function's invocations. */
@ObjectType()
export class InvocationStats {
  @Field(() => Int, { description: 'Counted by this server since it started.' })
  invocations!: number;

  @Field(() => Int, { description: 'Invocations that did not succeed: function errors, throttling after all retries, other failures.' })
  errors!: number;

  @Field(() => Int, { description: 'Attempts Lambda answered with 429 (throttling), retried or not.' })
  throttles!: number;

  @Field(() => Int, { description: 'Attempts made after the first one, on throttling and service errors.' })
  retries!: number;

  @Field(() => Float, { description: 'Percentage (0-100) of invocations that succeeded; 0 before any.' })
  successRate!: number;

  @Field(() => Float, { nullable: true, description: 'Median duration of the last 1000 synchronous (REQUEST_RESPONSE) invocations (nearest rank); null before any.' })
  p50DurationMs!: number | null;

  @Field(() => Float, { nullable: true, description: '95th percentile duration of the last 1000 synchronous invocations (nearest rank); null before any.' })
  p95DurationMs!: number | null;
}

/** A Lambda function's configuration, with this server's statistics of it. */
@ObjectType()
export class LambdaFunction {
  @Field(() => String) name!: string;
  @Field(() => String) arn!: string;
  @Field(() => String, { nullable: true }) runtime!: string | null;
  @Field(() => String, { nullable: true }) handler!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int) memorySize!: number;
  @Field(() => Int) timeout!: number;
  @Field(() => Int, { nullable: true }) codeSize!: number | null;
  @Field(() => Date, { nullable: true }) lastModified!: Date | null;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => String, { nullable: true }) state!: string | null;
  @Field(() => InvocationStats) stats!: InvocationStats;
}

@ObjectType()
export class FunctionPage {
  @Field(() => [LambdaFunction]) items!: LambdaFunction[];
  @Field(() => String, { nullable: true }) nextToken!: string | null;
}

/** The outcome of one invokeFunction call; a function error is success: false, not a GraphQL error. */
@ObjectType()
export class InvocationResult {
  @Field(() => Boolean) success!: boolean;

  @Field(() => Int, { description: "Lambda's status: 200 (REQUEST_RESPONSE), 202 (EVENT), 204 (DRY_RUN)." })
  statusCode!: number;

  @Field(() => String, { nullable: true, description: 'Unhandled or Handled when the function failed.' })
  functionError!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "The function's result parsed as JSON (a string when it is not JSON); null for EVENT and DRY_RUN." })
  payload!: unknown;

  @Field(() => String, { nullable: true }) errorMessage!: string | null;
  @Field(() => String, { nullable: true }) errorType!: string | null;

  @Field(() => String, { nullable: true, description: "The last 4 KB of the function's log, decoded, when logTail was asked for." })
  logTail!: string | null;

  @Field(() => String, { nullable: true }) executedVersion!: string | null;

  @Field(() => Int, { description: 'Duration of the attempt that produced this result, in ms.' })
  durationMs!: number;

  @Field(() => Int, { description: 'Invoke calls made, the first included.' })
  attempts!: number;
}

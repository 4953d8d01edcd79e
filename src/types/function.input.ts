import { IsIn, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { JSONScalar } from './common';
import { InvocationType } from './function.type';

/** AWS's pattern for a function given by name, partial ARN or ARN, optionally with `:qualifier`. */
export const FUNCTION_REF = /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const FUNCTION_RULE = { message: 'must be a function name (1-64 characters of A-Z a-z 0-9 - _), a partial ARN or an ARN' };

@InputType()
export class InvokeInput {
  @Field(() => String, { description: 'Name, partial ARN or ARN of the function.' })
  @Length(1, 170)
  @Matches(FUNCTION_REF, FUNCTION_RULE)
  function!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Any JSON; up to 6 MB (1 MB for EVENT) once serialized. {} when omitted.' })
  payload?: unknown;

  @Field(() => InvocationType, { nullable: true, defaultValue: InvocationType.REQUEST_RESPONSE })
  @IsOptional()
  @IsIn(Object.values(InvocationType))
  invocationType?: InvocationType | null;

  @Field(() => String, { nullable: true, description: 'A version number or alias name.' })
  @IsOptional()
  @Length(1, 128)
  @Matches(/^[a-zA-Z0-9$_-]+$/, { message: 'must be a version number or an alias name' })
  qualifier?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 2, description: 'Retries on throttling and service errors, with exponential backoff and jitter.' })
  @IsOptional()
  @Min(0)
  @Max(10)
  retries?: number | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Return the last 4 KB of the function's log (REQUEST_RESPONSE only)." })
  logTail?: boolean | null;
}

@ArgsType()
export class FunctionsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: '1-1000; pages of more than 50 read several Lambda pages.' })
  @IsOptional()
  @Min(1)
  @Max(1000)
  limit?: number | null;

  @Field(() => String, { nullable: true })
  nextToken?: string | null;
}

@ArgsType()
export class FunctionArgs {
  @Field(() => String, { description: 'Name, partial ARN or ARN of the function.' })
  @Length(1, 170)
  @Matches(FUNCTION_REF, FUNCTION_RULE)
  name!: string;
}

import { ArrayMaxSize, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { UserFilter } from './user.input';

export const MAX_PAGE = 1000;
/** Page size when limit is not given (or given as null). */
export const DEFAULT_PAGE = 50;
const LIMIT_RULE = `must be from 1 to ${MAX_PAGE}`;

@ArgsType()
export class UsersArgs {
  @Field(() => UserFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: UserFilter | null;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE })
  @IsOptional()
  @Min(1, { message: LIMIT_RULE })
  @Max(MAX_PAGE, { message: LIMIT_RULE })
  limit?: number | null;

  @Field(() => String, { nullable: true })
  nextToken?: string | null;
}

@ArgsType()
export class UsersByIdArgs {
  @Field(() => [ID])
  @ArrayMaxSize(MAX_PAGE, { message: `must hold at most ${MAX_PAGE} ids` })
  userIds!: string[];
}

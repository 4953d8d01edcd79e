import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { OrderDateFilter } from './order.input';
import { DEFAULT_PAGE, MAX_PAGE } from './users.args';

const LIMIT_RULE = `must be from 1 to ${MAX_PAGE}`;

/** The arguments of User.orders. */
@ArgsType()
export class UserOrdersArgs {
  @Field(() => OrderDateFilter, { nullable: true })
  filter?: OrderDateFilter | null;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE })
  @IsOptional()
  @Min(1, { message: LIMIT_RULE })
  @Max(MAX_PAGE, { message: LIMIT_RULE })
  limit?: number | null;

  @Field(() => String, { nullable: true })
  nextToken?: string | null;
}

/** The arguments of Query.orders. */
@ArgsType()
export class OrdersArgs extends UserOrdersArgs {
  @Field(() => ID)
  userId!: string;
}

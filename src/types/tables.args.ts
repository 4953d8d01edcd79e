import { ArrayMaxSize, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { JSONObjectScalar, JSONScalar } from './common';
import { AttributeCondition, SortKeyCondition, TABLE_NAME, TABLE_NAME_RULE } from './table.input';

/** Items per page of queryItems and scanItems: 1-1000, default 50. */
const PAGE = { min: 1, max: 1000, default: 50 };

@ArgsType()
export class TableNameArgs {
  @Field(() => String)
  @Matches(TABLE_NAME, { message: TABLE_NAME_RULE })
  name!: string;
}

@ArgsType()
export class TableArgs {
  @Field(() => String)
  @Matches(TABLE_NAME, { message: TABLE_NAME_RULE })
  table!: string;
}

@ArgsType()
export class ItemKeyArgs extends TableArgs {
  @Field(() => JSONObjectScalar)
  key!: Record<string, unknown>;
}

@ArgsType()
export class PutItemArgs extends TableArgs {
  @Field(() => JSONObjectScalar, {
    description:
      'JSON numbers are stored as the shortest decimal of the double (0.1 as 0.1); integers beyond 2^53-1 and decimals ' +
      'of more than 17 digits go as {"$number": "<decimal>"}, binary as {"$binary": "<base64>"}, sets as {"$stringSet": [...]} etc.',
  })
  item!: Record<string, unknown>;
}

@ArgsType()
export class PutItemsArgs extends TableArgs {
  @Field(() => [JSONObjectScalar], { description: 'Any number; written 25 per BatchWriteItem.' })
  items!: Array<Record<string, unknown>>;
}

@ArgsType()
class PageArgs extends TableArgs {
  @Field(() => Int, { nullable: true, defaultValue: PAGE.default, description: '1-1000.' })
  @IsOptional()
  @Min(PAGE.min, { message: 'must be 1-1000' })
  @Max(PAGE.max, { message: 'must be 1-1000' })
  limit?: number | null;

  @Field(() => String, { nullable: true })
  nextToken?: string | null;
}

@ArgsType()
export class QueryItemsArgs extends PageArgs {
  @Field(() => JSONScalar, { description: 'Value of the partition key (of the index, when one is given).' })
  partitionKey!: unknown;

  @Field(() => SortKeyCondition, { nullable: true })
  @IsOptional()
  @ValidateNested()
  sortKey?: SortKeyCondition | null;

  @Field(() => String, { nullable: true, description: 'A global or local secondary index to query instead of the table.' })
  @IsOptional()
  @Matches(TABLE_NAME, { message: TABLE_NAME_RULE })
  index?: string | null;
}

@ArgsType()
export class ScanItemsArgs extends PageArgs {
  @Field(() => [AttributeCondition], { nullable: true, description: 'All conditions must hold.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  filter?: AttributeCondition[] | null;
}

export { PAGE };

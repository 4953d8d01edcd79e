import { ArrayMaxSize, IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import type { ConditionOperator as ConditionOperatorName, SortKeyOperator as SortKeyOperatorName } from '../datasources/expressions';
import type { KeyTypeName } from '../datasources/table-schema';
import { JSONScalar } from './common';
import { KeyType } from './table.type';

/** DynamoDB's rule for table and index names. */
export const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
export const TABLE_NAME_RULE = 'must be 3-255 characters of A-Z a-z 0-9 _ . -';

export enum SortKeyOperator {
  EQ = 'EQ',
  LT = 'LT',
  LTE = 'LTE',
  GT = 'GT',
  GTE = 'GTE',
  BETWEEN = 'BETWEEN',
  BEGINS_WITH = 'BEGINS_WITH',
}
registerEnumType(SortKeyOperator, { name: 'SortKeyOperator' });

export enum ConditionOperator {
  EQ = 'EQ',
  NE = 'NE',
  LT = 'LT',
  LTE = 'LTE',
  GT = 'GT',
  GTE = 'GTE',
  BETWEEN = 'BETWEEN',
  BEGINS_WITH = 'BEGINS_WITH',
  CONTAINS = 'CONTAINS',
  EXISTS = 'EXISTS',
  NOT_EXISTS = 'NOT_EXISTS',
  IN = 'IN',
}
registerEnumType(ConditionOperator, {
  name: 'ConditionOperator',
  description: 'EXISTS and NOT_EXISTS take no values, BETWEEN two, IN 1-100, the others one.',
});

@InputType()
export class CreateTableInput {
  @Field(() => String)
  @Matches(TABLE_NAME, { message: TABLE_NAME_RULE })
  name!: string;

  @Field(() => String)
  @Length(1, 255, { message: 'must be 1-255 characters' })
  partitionKey!: string;

  @Field(() => KeyType, { nullable: true, defaultValue: KeyType.S })
  partitionKeyType?: KeyTypeName | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 255, { message: 'must be 1-255 characters' })
  sortKey?: string | null;

  @Field(() => KeyType, { nullable: true, defaultValue: KeyType.S })
  sortKeyType?: KeyTypeName | null;
}

@InputType()
export class SortKeyCondition {
  @Field(() => SortKeyOperator)
  operator!: SortKeyOperatorName;

  @Field(() => [JSONScalar], { description: 'One value, or two for BETWEEN.' })
  values!: unknown[];
}

@InputType({ description: 'A structured filter condition; attribute names and values never become expression text.' })
export class AttributeCondition {
  @Field(() => String, { description: 'One top-level attribute name, taken literally ("a.b" is the attribute named a.b).' })
  @Length(1, 65535, { message: 'must be 1-65535 characters' })
  attribute!: string;

  @Field(() => ConditionOperator)
  operator!: ConditionOperatorName;

  @Field(() => [JSONScalar], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  values?: unknown[] | null;
}

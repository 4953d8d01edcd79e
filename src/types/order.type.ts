import { Field, Float, ID, ObjectType } from 'type-graphql';
import { JSONScalar } from './common';

@ObjectType({ description: 'An order, stored with the composite key user_id + order_date.' })
export class Order {
  @Field(() => ID)
  userId!: string;

  @Field(() => String, { description: 'ISO-8601 date or date-time; the sort key.' })
  orderDate!: string;

  @Field(() => Float)
  amount!: number;

  @Field(() => String)
  status!: string;

  @Field(() => JSONScalar, { nullable: true })
  items?: unknown;
}

@ObjectType()
export class OrderPage {
  @Field(() => [Order])
  items!: Order[];

  @Field(() => String, { nullable: true })
  nextToken?: string | null;
}

import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A user, stored in DynamoDB with snake_case attributes (user_id, email, name, age, created_at, updated_at, version).' })
export class User {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int, { nullable: true })
  age?: number | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Int, { description: 'Incremented on every write; pass it back as expectedVersion for optimistic locking.' })
  version!: number;
}

@ObjectType()
export class UserPage {
  @Field(() => [User])
  items!: User[];

  @Field(() => String, { nullable: true })
  nextToken?: string | null;

  @Field(() => Int, { description: 'Items DynamoDB read to fill this page (differs from items.length when a filter is applied).' })
  scannedCount!: number;
}

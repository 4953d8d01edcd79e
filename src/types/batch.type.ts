import { Field, Int, ObjectType } from 'type-graphql';

/** One entry of a batch that was not written. */
@ObjectType()
export class BatchFailure {
  @Field(() => Int, { description: 'Position of the entry in the input list.' })
  index!: number;

  @Field(() => String, { nullable: true })
  id?: string | null;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class BatchWriteResult {
  @Field(() => Int)
  written!: number;

  @Field(() => [BatchFailure])
  failed!: BatchFailure[];
}

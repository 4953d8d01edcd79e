import { Field, ID, ObjectType } from 'type-graphql';
import { JSONScalar } from './common';

/** An event of the API's event bus, as published to the events topic (the JSON message). */
@ObjectType()
export class Event {
  @Field(() => ID) eventId!: string;
  @Field(() => String) type!: string;
  @Field(() => String, { nullable: true }) source?: string | null;
  @Field(() => Date) timestamp!: Date;
  @Field(() => JSONScalar, { nullable: true }) data?: unknown;
}

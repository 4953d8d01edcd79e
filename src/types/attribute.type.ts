import { IsIn, IsNotEmpty, IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';

/** Data type of an SQS or SNS message attribute. */
export enum AttributeDataType {
  STRING = 'STRING',
  NUMBER = 'NUMBER',
  BINARY = 'BINARY',
}
registerEnumType(AttributeDataType, { name: 'AttributeDataType' });

/** A message attribute as a client sends it (SQS and SNS). */
@InputType()
export class MessageAttributeInput {
  /** AWS: up to 256 characters of A-Z a-z 0-9 _ - . , not starting with AWS. or Amazon. nor with a dot. */
  @Field(() => String)
  @Length(1, 256)
  @Matches(/^(?!\.)(?!.*\.\.)(?!AWS\.|Amazon\.)[A-Za-z0-9_.-]+(?<!\.)$/i, { message: 'name must be 1-256 characters of A-Z a-z 0-9 _ - . without leading, trailing or double dots, and not start with AWS. or Amazon.' })
  name!: string;

  @Field(() => String, { description: 'Binary values are base64.' })
  @IsNotEmpty()
  value!: string;

  /** Nullable as in the contract; null means STRING. */
  @Field(() => AttributeDataType, { nullable: true, defaultValue: AttributeDataType.STRING })
  @IsOptional()
  @IsIn(Object.values(AttributeDataType))
  dataType?: AttributeDataType | null;
}

/** A message attribute as the API returns it. */
@ObjectType()
export class MessageAttribute {
  @Field(() => String) name!: string;
  @Field(() => String) value!: string;
  @Field(() => AttributeDataType) dataType!: AttributeDataType;
}

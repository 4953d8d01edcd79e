import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

/** The notebook's rules (UserRepository._validate_user). */
export const USER_ID = /^[A-Za-z0-9_.-]{3,64}$/;
export const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
const ID_RULE = 'must be 3-64 characters of A-Z a-z 0-9 _ . -';
const EMAIL_RULE = 'must be a valid email address';
const NAME_RULE = 'must not be empty';
const AGE_RULE = 'must be from 0 to 150';

@InputType()
export class CreateUserInput {
  @Field(() => ID, { nullable: true, description: '3-64 characters of [A-Za-z0-9_.-]; generated when omitted.' })
  @IsOptional()
  @Matches(USER_ID, { message: ID_RULE })
  userId?: string | null;

  @Field(() => String)
  @MaxLength(254, { message: 'must be at most 254 characters' })
  @Matches(EMAIL, { message: EMAIL_RULE })
  email!: string;

  @Field(() => String)
  @MaxLength(256, { message: 'must be at most 256 characters' })
  @Matches(/\S/, { message: NAME_RULE })
  name!: string;

  @Field(() => Int, { nullable: true, description: '0-150' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: AGE_RULE })
  @Max(150, { message: AGE_RULE })
  age?: number | null;
}

@InputType({ description: 'Only the given fields change. age: null removes the age.' })
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @ValidateIf((o: UpdateUserInput) => o.email !== undefined)
  @IsString({ message: 'must not be null' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  @Matches(EMAIL, { message: EMAIL_RULE })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @ValidateIf((o: UpdateUserInput) => o.name !== undefined)
  @IsString({ message: 'must not be null' })
  @MaxLength(256, { message: 'must be at most 256 characters' })
  @Matches(/\S/, { message: NAME_RULE })
  name?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0, { message: AGE_RULE })
  @Max(150, { message: AGE_RULE })
  age?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1, { message: 'must be 1 or more' })
  expectedVersion?: number | null;
}

@InputType({ description: 'Scan filter. All given conditions must hold.' })
export class UserFilter {
  @Field(() => String, { nullable: true })
  nameBeginsWith?: string | null;

  @Field(() => String, { nullable: true })
  emailDomain?: string | null;

  @Field(() => Int, { nullable: true })
  minAge?: number | null;

  @Field(() => Int, { nullable: true })
  maxAge?: number | null;
}

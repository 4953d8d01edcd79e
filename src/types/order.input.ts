import { IsOptional, Matches, MaxLength, Min, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { JSONScalar } from './common';
import { USER_ID } from './user.input';

/** An ISO-8601 date (2024-01-15) or date-time (2024-01-15T10:30:00Z, offsets and fractions allowed) that names a real day. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const dayExists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return dayExists && !Number.isNaN(Date.parse(match[4] ? value : `${value}T00:00:00Z`));
}

@ValidatorConstraint({ name: 'isoDate' })
class IsoDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIsoDate(value);
  }
  defaultMessage(): string {
    return 'must be an ISO-8601 date (2024-01-15) or date-time (2024-01-15T10:30:00Z)';
  }
}

/** What the document client sends and DynamoDB stores exactly: 0, or 1E-130 up to 2^53-1 (the SDK refuses larger numbers). */
@ValidatorConstraint({ name: 'storableAmount' })
class StorableAmount implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && (value === 0 || (Math.abs(value) >= 1e-130 && Math.abs(value) <= Number.MAX_SAFE_INTEGER));
  }
  defaultMessage(): string {
    return `must be 0 or from 1E-130 to ${Number.MAX_SAFE_INTEGER}`;
  }
}

@InputType()
export class CreateOrderInput {
  @Field(() => ID)
  @Matches(USER_ID, { message: 'must be 3-64 characters of A-Z a-z 0-9 _ . -' })
  userId!: string;

  @Field(() => String)
  @Validate(IsoDate)
  orderDate!: string;

  @Field(() => Float)
  @Min(0, { message: 'must be 0 or more' })
  @Validate(StorableAmount)
  amount!: number;

  @Field(() => String, { nullable: true, defaultValue: 'PLACED' })
  @IsOptional()
  @MaxLength(64, { message: 'must be at most 64 characters' })
  @Matches(/\S/, { message: 'must not be empty' })
  status?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  items?: unknown;
}

@InputType({ description: 'Sort-key condition on orderDate; give exactly one.' })
export class OrderDateFilter {
  @Field(() => String, { nullable: true })
  equals?: string | null;

  @Field(() => String, { nullable: true })
  beginsWith?: string | null;

  @Field(() => [String], { nullable: true })
  between?: string[] | null;

  @Field(() => String, { nullable: true })
  before?: string | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

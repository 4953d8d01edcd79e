import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Mode } from '../config';

export enum ModeEnum {
  LOCAL = 'LOCAL',
  AWS = 'AWS',
}
registerEnumType(ModeEnum, { name: 'Mode', description: 'LOCAL: the embedded local AWS; AWS: AWS or AWS_ENDPOINT_URL.' });

@ObjectType()
export class ServiceHealth {
  @Field(() => String) name!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int, { nullable: true }) latencyMs?: number;
  @Field(() => String, { nullable: true }) message?: string;
}

@ObjectType()
export class Health {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => ModeEnum) mode!: Mode;
  @Field(() => String) region!: string;
  @Field(() => [ServiceHealth]) services!: ServiceHealth[];
}

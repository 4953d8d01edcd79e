import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { KeyTypeName } from '../datasources/table-schema';
import type { JsonObject } from '../datasources/attribute-values';
import { JSONObjectScalar } from './common';

export enum KeyType {
  S = 'S',
  N = 'N',
  B = 'B',
}
registerEnumType(KeyType, { name: 'KeyType', description: 'DynamoDB key attribute types: S string, N number, B binary.' });

@ObjectType()
export class KeyAttribute {
  @Field(() => String) name!: string;
  @Field(() => KeyType) type!: KeyTypeName;
}

@ObjectType()
export class TableIndex {
  @Field(() => String) name!: string;
  @Field(() => KeyAttribute) partitionKey!: KeyAttribute;
  @Field(() => KeyAttribute, { nullable: true }) sortKey?: KeyAttribute;
}

@ObjectType()
export class Table {
  @Field(() => String) name!: string;
  @Field(() => String) arn!: string;
  @Field(() => String) status!: string;
  @Field(() => KeyAttribute) partitionKey!: KeyAttribute;
  @Field(() => KeyAttribute, { nullable: true }) sortKey?: KeyAttribute;
  @Field(() => [TableIndex]) globalIndexes!: TableIndex[];
  @Field(() => Int, { description: 'Approximate, as DynamoDB reports it.' }) itemCount!: number;
}

@ObjectType({
  description:
    'A page of items. Items are JSON: a number is a JSON number when that is exact, else {"$number": "<decimal>"}; ' +
    'binary is {"$binary": "<base64>"}; sets are {"$stringSet": [...]}, {"$numberSet": [...]}, {"$binarySet": [...]}.',
})
export class ItemPage {
  @Field(() => [JSONObjectScalar]) items!: JsonObject[];
  @Field(() => String, { nullable: true, description: 'Null exactly when there are no more items.' }) nextToken?: string | null;
  @Field(() => Int, { description: 'Items DynamoDB read to fill this page (more than items.length when a filter is applied).' })
  scannedCount!: number;
}

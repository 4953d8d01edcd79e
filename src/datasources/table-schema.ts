import type { AttributeValue, CreateTableCommandInput, KeySchemaElement, TableDescription } from '@aws-sdk/client-dynamodb';
import { ValidationError, type FieldError } from '../errors';
import { toAttributeValue, type Item } from './attribute-values';

/** Pure helpers over a DescribeTable result: the table as the API shows it and its key schemas. */

export type KeyTypeName = 'S' | 'N' | 'B';

export interface KeyAttr {
  name: string;
  type: KeyTypeName;
}

export interface KeySchema {
  partitionKey: KeyAttr;
  sortKey?: KeyAttr;
}

/** A table as the API shows it (the GraphQL Table). */
export interface TableInfo extends KeySchema {
  name: string;
  arn: string;
  status: string;
  globalIndexes: Array<KeySchema & { name: string }>;
  itemCount: number;
}

/** What a request needs to know about a table: how it is shown and how its items are keyed. */
export interface TableMeta {
  info: TableInfo;
  key: KeySchema;
  /** Key schemas of the global and local secondary indexes, by name. */
  indexes: Map<string, KeySchema>;
}

/** GraphQL's Int is 32-bit; a larger (approximate) count is shown as the largest Int. */
const MAX_INT = 2 ** 31 - 1;

export function tableMetaOf(desc: TableDescription): TableMeta {
  const types = new Map((desc.AttributeDefinitions ?? []).map((d) => [d.AttributeName ?? '', (d.AttributeType ?? 'S') as KeyTypeName]));
  const schemaOf = (elements: KeySchemaElement[] | undefined): KeySchema => {
    const attr = (role: 'HASH' | 'RANGE'): KeyAttr | undefined => {
      const name = elements?.find((e) => e.KeyType === role)?.AttributeName;
      return name === undefined ? undefined : { name, type: types.get(name) ?? 'S' };
    };
    const sortKey = attr('RANGE');
    return { partitionKey: attr('HASH') ?? { name: '', type: 'S' }, ...(sortKey ? { sortKey } : {}) };
  };
  const globals = (desc.GlobalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName ?? '', ...schemaOf(i.KeySchema) }));
  const locals = (desc.LocalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName ?? '', ...schemaOf(i.KeySchema) }));
  const key = schemaOf(desc.KeySchema);
  return {
    info: {
      name: desc.TableName ?? '',
      arn: desc.TableArn ?? '',
      status: desc.TableStatus ?? 'UNKNOWN',
      ...key,
      globalIndexes: globals,
      itemCount: Math.min(desc.ItemCount ?? 0, MAX_INT),
    },
    key,
    indexes: new Map([...globals, ...locals].map(({ name, ...schema }) => [name, schema])),
  };
}

/** The key attributes of a schema, partition key first. */
export function keyAttrs(schema: KeySchema): KeyAttr[] {
  return schema.sortKey ? [schema.partitionKey, schema.sortKey] : [schema.partitionKey];
}

const TYPE_WORDS: Record<KeyTypeName, string> = { S: 'a non-empty string', N: 'a number', B: 'non-empty {"$binary": "<base64>"}' };

/** Why a value can't be the key attribute `attr`, or undefined when it can. */
export function keyValueProblem(attr: KeyAttr, value: AttributeValue): string | undefined {
  const ok = attr.type === 'S' ? Boolean(value.S) : attr.type === 'N' ? value.N !== undefined : Boolean(value.B?.length);
  return ok ? undefined : `must be ${TYPE_WORDS[attr.type]}: key attribute ${attr.name} is of type ${attr.type}`;
}

/** DynamoDB's longest key values (of a table or an index), in bytes: UTF-8 for strings. */
export const MAX_KEY_BYTES = { partition: 2048, sort: 1024 } as const;

/**
 * Why a key value is longer than DynamoDB stores, or undefined. AWS refuses such a value in a
 * Query key condition as in GetItem; dynalite and moto check only an item's key, and would answer
 * the query with an empty page.
 */
export function keySizeProblem(value: AttributeValue, role: keyof typeof MAX_KEY_BYTES): string | undefined {
  const bytes = value.S !== undefined ? Buffer.byteLength(value.S) : (value.B?.length ?? 0);
  const max = MAX_KEY_BYTES[role];
  return bytes > max ? `is ${bytes} bytes; a ${role} key value is at most ${max} bytes` : undefined;
}

/** One key value given as JSON (a query's partition key or sort-key bound), checked against its attribute and DynamoDB's key sizes. */
export function keyValueFrom(attr: KeyAttr, json: unknown, field: string, role: keyof typeof MAX_KEY_BYTES = 'partition'): AttributeValue {
  const value = toAttributeValue(json, field);
  const problem = keyValueProblem(attr, value) ?? keySizeProblem(value, role);
  if (problem) throw ValidationError.of(field, problem);
  return value;
}

/** A key given as a JSON object: exactly the schema's attributes, each of its type. */
export function keyFrom(schema: KeySchema, json: Record<string, unknown>, field: string): Item {
  const attrs = keyAttrs(schema);
  const names = attrs.map((a) => a.name);
  const errors: FieldError[] = Object.keys(json)
    .filter((k) => !names.includes(k))
    .map((k) => ({ field: `${field}.${k}`, message: `is not part of the key (${names.join(', ')})` }));
  const key: Item = {};
  for (const attr of attrs) {
    if (!Object.hasOwn(json, attr.name)) {
      errors.push({ field: `${field}.${attr.name}`, message: `is required: key attribute of type ${attr.type}` });
      continue;
    }
    const value = toAttributeValue(json[attr.name], `${field}.${attr.name}`);
    const problem = keyValueProblem(attr, value);
    if (problem) errors.push({ field: `${field}.${attr.name}`, message: problem });
    Object.defineProperty(key, attr.name, { value, enumerable: true, writable: true, configurable: true });
  }
  if (errors.length) throw new ValidationError(errors);
  return key;
}

/** The problems with an item's key attributes (missing or of the wrong type), as field errors. */
export function itemKeyProblems(schema: KeySchema, item: Item, field: string): FieldError[] {
  return keyAttrs(schema).flatMap((attr) => {
    const value = Object.hasOwn(item, attr.name) ? item[attr.name] : undefined;
    const problem = value === undefined ? `is required: key attribute of type ${attr.type}` : keyValueProblem(attr, value);
    return problem ? [{ field: `${field}.${attr.name}`, message: problem }] : [];
  });
}

/** The key of an item: its values of the named attributes (table key, plus index key for an index). */
export function keyOf(item: Item, names: readonly string[]): Item {
  return Object.fromEntries(names.flatMap((name) => (Object.hasOwn(item, name) && item[name] ? [[name, item[name]]] : [])));
}

/** What createTable asks for: a simple or composite key, on-demand billing (as the notebook does). */
export interface NewTable {
  name: string;
  partitionKey: string;
  partitionKeyType?: KeyTypeName | null;
  sortKey?: string | null;
  sortKeyType?: KeyTypeName | null;
}

/** The CreateTable request of a new table; a sort key named like the partition key is refused. */
export function createTableRequest(input: NewTable): CreateTableCommandInput {
  const partition = { AttributeName: input.partitionKey, AttributeType: input.partitionKeyType ?? 'S' };
  if (input.sortKey === input.partitionKey) throw ValidationError.of('sortKey', 'must differ from partitionKey');
  const sort = input.sortKey ? { AttributeName: input.sortKey, AttributeType: input.sortKeyType ?? 'S' } : undefined;
  return {
    TableName: input.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: sort ? [partition, sort] : [partition],
    KeySchema: [
      { AttributeName: partition.AttributeName, KeyType: 'HASH' },
      ...(sort ? [{ AttributeName: sort.AttributeName, KeyType: 'RANGE' as const }] : []),
    ],
  };
}

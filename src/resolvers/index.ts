import type { NonEmptyArray } from 'type-graphql';
import { HealthResolver } from './health.resolver';
import { TableResolver } from './table.resolver';

/** Every resolver class of the schema. */
export const resolvers: NonEmptyArray<Function> = [HealthResolver, TableResolver];

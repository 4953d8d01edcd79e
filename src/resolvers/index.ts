import type { NonEmptyArray } from 'type-graphql';
import { FunctionResolver } from './function.resolver';
import { HealthResolver } from './health.resolver';
import { QueueResolver } from './queue.resolver';
import { TableResolver } from './table.resolver';

/** Every resolver class of the schema. */
export const resolvers: NonEmptyArray<Function> = [HealthResolver, TableResolver, FunctionResolver, QueueResolver];

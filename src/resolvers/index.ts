import type { NonEmptyArray } from 'type-graphql';
import { EventResolver } from './event.resolver';
import { FunctionResolver } from './function.resolver';
import { HealthResolver } from './health.resolver';
import { OrderResolver } from './order.resolver';
import { QueueResolver } from './queue.resolver';
import { StreamResolver } from './stream.resolver';
import { TopicSubscriptionResolver } from './subscription.resolver';
import { TableResolver } from './table.resolver';
import { TopicResolver } from './topic.resolver';
import { UserResolver } from './user.resolver';

/** Every resolver class of the schema. */
export const resolvers: NonEmptyArray<Function> = [HealthResolver, UserResolver, OrderResolver, TableResolver, FunctionResolver, QueueResolver, TopicResolver, TopicSubscriptionResolver, EventResolver, StreamResolver];

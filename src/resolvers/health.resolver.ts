import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Health } from '../types/health.type';

@Resolver()
export class HealthResolver {
  /** Whether the API can reach each AWS service it uses. */
  @Query(() => Health)
  health(@Ctx() { sources }: Context): Promise<Health> {
    return sources.health.check();
  }
}

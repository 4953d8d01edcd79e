import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { JSONScalar } from '../types/common';
import { Event } from '../types/event.type';

@Resolver(() => Event)
export class EventResolver {
  /** Publishes {eventId, type, source, timestamp, data} to the events topic, with type and source as message attributes. */
  @Mutation(() => Event)
  publishEvent(
    @Arg('type', () => String) type: string,
    @Arg('data', () => JSONScalar, { validate: false }) data: unknown,
    @Arg('source', () => String, { nullable: true }) source: string | null,
    @Ctx() { sources }: Context,
  ): Promise<Event> {
    return sources.events.publish(type, data, source);
  }
}

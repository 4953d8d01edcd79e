import { Arg, Int, Resolver, Root, Subscription } from 'type-graphql';
import { JSONScalar } from '../types/common';
import { Event } from '../types/event.type';
import { AckMode, Message } from '../types/queue.type';
import { TopicMessage } from '../types/topic.type';

/**
 * The live streams over graphql-ws. Each payload resolver only returns its root: the work
 * (polling, filtering, acknowledging) happens in the schema's PubSub (src/subscriptions), and
 * the resolvers stay synchronous so delivery costs no extra tick per message.
 */
@Resolver()
export class StreamResolver {
  @Subscription(() => Message, {
    description: 'Work-queue semantics: each message goes to one subscriber (at least once).',
    topics: 'messageReceived',
    topicId: ({ args }) => args,
  })
  messageReceived(
    @Root() message: Message,
    @Arg('queue', () => String) _queue: string,
    @Arg('ack', () => AckMode, { defaultValue: AckMode.AUTO, nullable: true }) _ack: AckMode,
    @Arg('visibilityTimeout', () => Int, { nullable: true }) _visibilityTimeout?: number,
  ): Message {
    return message;
  }

  @Subscription(() => TopicMessage, {
    description: 'Broadcast: every subscriber sees every matching message published to the topic.',
    topics: 'topicMessages',
    topicId: ({ args }) => args,
  })
  topicMessages(
    @Root() message: TopicMessage,
    @Arg('topic', () => String) _topic: string,
    @Arg('filterPolicy', () => JSONScalar, { nullable: true, validate: false }) _filterPolicy?: unknown,
  ): TopicMessage {
    return message;
  }

  @Subscription(() => Event, {
    description: 'Broadcast of publishEvent events, optionally only the given types.',
    topics: 'events',
    topicId: ({ args }) => args,
  })
  events(@Root() event: Event, @Arg('types', () => [String], { nullable: true }) _types?: string[]): Event {
    return event;
  }
}

import { Arg, Int, Resolver, Root, Subscription } from 'type-graphql';
import { AckMode, Message } from '../types/queue.type';

/**
 * The live streams over graphql-ws. Each payload resolver only returns its root: the work
 * (polling, filtering, acknowledging) happens in the schema's PubSub (src/subscriptions), and
 * the resolver stays synchronous so delivery costs no extra tick per message.
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
    @Arg('ack', () => AckMode, { defaultValue: AckMode.AUTO }) _ack: AckMode,
    @Arg('visibilityTimeout', () => Int, { nullable: true }) _visibilityTimeout?: number,
  ): Message {
    return message;
  }
}

import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { CreateQueueInput, SendMessageInput } from '../types/queue.input';
import { BatchSendResult, Message, Queue, QueueAttributes, QueuePage, RedriveResult, SendMessageResult } from '../types/queue.type';
import { ChangeVisibilityArgs, QueuesArgs, ReceiveMessagesArgs, SendMessagesArgs } from '../types/queues.args';

@Resolver(() => Queue)
export class QueueResolver {
  @Query(() => QueuePage)
  queues(@Args(() => QueuesArgs) args: QueuesArgs, @Ctx() { sources }: Context): Promise<QueuePage> {
    return sources.queues.list(args);
  }

  /** By name, URL or ARN; null when there is no such queue. */
  @Query(() => Queue, { nullable: true })
  queue(@Arg('name', () => String) name: string, @Ctx() { sources }: Context): Promise<Queue | null> {
    return sources.queues.get(name);
  }

  @FieldResolver(() => String)
  async arn(@Root() queue: Queue, @Ctx() { sources }: Context): Promise<string> {
    return (await sources.queues.detailsOf(queue)).arn;
  }

  @FieldResolver(() => QueueAttributes)
  async attributes(@Root() queue: Queue, @Ctx() { sources }: Context): Promise<QueueAttributes> {
    return (await sources.queues.detailsOf(queue)).attributes;
  }

  @Mutation(() => Queue)
  createQueue(@Arg('input', () => CreateQueueInput) input: CreateQueueInput, @Ctx() { sources }: Context): Promise<Queue> {
    return sources.queues.create(input);
  }

  @Mutation(() => Boolean)
  deleteQueue(@Arg('name', () => String) name: string, @Ctx() { sources }: Context): Promise<boolean> {
    return sources.queues.remove(name);
  }

  @Mutation(() => Boolean)
  purgeQueue(@Arg('name', () => String) name: string, @Ctx() { sources }: Context): Promise<boolean> {
    return sources.queues.purge(name);
  }

  @Mutation(() => SendMessageResult)
  sendMessage(@Arg('input', () => SendMessageInput) input: SendMessageInput, @Ctx() { sources }: Context): Promise<SendMessageResult> {
    return sources.queues.send(input);
  }

  @Mutation(() => BatchSendResult, { description: 'Any number of entries; sent in batches of 10.' })
  sendMessages(@Args(() => SendMessagesArgs) { queue, entries }: SendMessagesArgs, @Ctx() { sources }: Context): Promise<BatchSendResult> {
    return sources.queues.sendBatch(queue, entries);
  }

  @Mutation(() => [Message], { description: '1-10 messages, waitTimeSeconds 0-20 (long polling).' })
  receiveMessages(@Args(() => ReceiveMessagesArgs) { queue, ...options }: ReceiveMessagesArgs, @Ctx() { sources }: Context): Promise<Message[]> {
    return sources.queues.receive(queue, options);
  }

  @Mutation(() => Boolean)
  deleteMessage(@Arg('queue', () => String) queue: string, @Arg('receiptHandle', () => String) receiptHandle: string, @Ctx() { sources }: Context): Promise<boolean> {
    return sources.queues.deleteMessage(queue, receiptHandle);
  }

  @Mutation(() => Boolean)
  changeMessageVisibility(@Args(() => ChangeVisibilityArgs) { queue, receiptHandle, visibilityTimeout }: ChangeVisibilityArgs, @Ctx() { sources }: Context): Promise<boolean> {
    return sources.queues.changeVisibility(queue, receiptHandle, visibilityTimeout);
  }

  @Mutation(() => RedriveResult, { description: 'Moves messages from a dead-letter queue back to their source queue.' })
  redriveMessages(@Arg('deadLetterQueue', () => String) deadLetterQueue: string, @Ctx() { sources }: Context): Promise<RedriveResult> {
    return sources.queues.redrive(deadLetterQueue);
  }
}

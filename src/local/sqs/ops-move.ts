import type { Operation } from './types';

export const moveOperations: Record<string, Operation> = {
  StartMessageMoveTask(input, ctx) {
    const { SourceArn, DestinationArn, MaxNumberOfMessagesPerSecond } = input as { SourceArn: string; DestinationArn?: string; MaxNumberOfMessagesPerSecond?: number };
    return { TaskHandle: ctx.moveTasks.start(SourceArn, DestinationArn, MaxNumberOfMessagesPerSecond) };
  },

  CancelMessageMoveTask(input, ctx) {
    return { ApproximateNumberOfMessagesMoved: ctx.moveTasks.cancel((input as { TaskHandle: string }).TaskHandle) };
  },

  ListMessageMoveTasks(input, ctx) {
    const { SourceArn, MaxResults } = input as { SourceArn: string; MaxResults?: number };
    return { Results: ctx.moveTasks.list(SourceArn, MaxResults) };
  },
};

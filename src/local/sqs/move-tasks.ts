import { randomUUID } from 'node:crypto';
import { parseArn } from '../../lib/arn';
import { errors } from './errors';
import type { Queue } from './queue';
import type { SqsStore } from './store';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

/** A message move task (StartMessageMoveTask), as kept and persisted. */
export interface MoveTask {
  id: string;
  sourceArn: string;
  destinationArn?: string;
  rate?: number;
  status: MoveTaskStatus;
  startedAt: number;
  toMove: number;
  moved: number;
  failureReason?: string;
}

/** Messages moved per turn of the event loop when no rate is given. */
const CHUNK = 500;

/**
 * Redrive of dead-letter queues: moves the messages of a DLQ back to the queues they came from
 * (their DeadLetterQueueSourceArn) or to a DestinationArn, at MaxNumberOfMessagesPerSecond or as
 * fast as possible, in the background. One active task per source queue.
 */
export class MoveTasks {
  readonly tasks: MoveTask[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: SqsStore,
    private readonly changed: () => void,
  ) {}

  start(sourceArn: string, destinationArn: string | undefined, rate: number | undefined): string {
    const source = this.requireQueue(sourceArn, 'SourceArn');
    if (this.store.deadLetterSources(source).length === 0) throw errors.invalidParameter('Source queue must be configured as a Dead Letter Queue.');
    if (destinationArn !== undefined) this.requireQueue(destinationArn, 'DestinationArn');
    if (rate !== undefined && (rate < 1 || rate > 500)) throw errors.invalidValue('MaxNumberOfMessagesPerSecond', rate, 'Must be between 1 and 500.');
    if (this.tasks.some((t) => t.sourceArn === sourceArn && t.status === 'RUNNING')) {
      throw errors.invalidParameter('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
    }
    const task: MoveTask = { id: randomUUID(), sourceArn, destinationArn, rate, status: 'RUNNING', startedAt: Date.now(), toMove: source.visible.size, moved: 0 };
    this.tasks.push(task);
    this.resume(task);
    this.changed();
    return handleOf(task);
  }

  cancel(handle: string): number {
    const { taskId, sourceArn } = decodeHandle(handle);
    this.requireQueue(sourceArn, 'SourceArn');
    const task = this.tasks.find((t) => t.id === taskId);
    if (!task) throw errors.resourceNotFound('Task does not exist.');
    if (task.status !== 'RUNNING') throw errors.invalidParameter('Only active tasks can be cancelled.');
    this.finish(task, 'CANCELLED');
    return task.moved;
  }

  /** The tasks of a source queue, most recent first (ListMessageMoveTasks). */
  list(sourceArn: string, max = 1): Array<Record<string, unknown>> {
    this.requireQueue(sourceArn, 'SourceArn');
    if (max < 1 || max > 10) throw errors.invalidValue('MaxResults', max, 'MaxResults must be between 1 and 10.');
    return this.tasks
      .filter((t) => t.sourceArn === sourceArn)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, max)
      .map((t) => ({
        TaskHandle: t.status === 'RUNNING' ? handleOf(t) : undefined,
        Status: t.status,
        SourceArn: t.sourceArn,
        DestinationArn: t.destinationArn,
        MaxNumberOfMessagesPerSecond: t.rate,
        ApproximateNumberOfMessagesMoved: t.moved,
        ApproximateNumberOfMessagesToMove: t.toMove,
        FailureReason: t.failureReason,
        StartedTimestamp: t.startedAt,
      }));
  }

  /** Runs a RUNNING task (newly started or restored from disk). */
  resume(task: MoveTask): void {
    const delay = task.rate ? 1000 : 0;
    const step = () => {
      this.timers.delete(task.id);
      if (task.status !== 'RUNNING') return;
      if (this.moveSome(task, task.rate ?? CHUNK) && task.status === 'RUNNING') this.timers.set(task.id, setTimeout(step, delay).unref());
    };
    this.timers.set(task.id, setTimeout(step, 0).unref());
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Moves up to `count` messages; false once the task has ended. */
  private moveSome(task: MoveTask, count: number): boolean {
    const source = this.store.byArn(task.sourceArn);
    if (!source) return this.fail(task, 'AWS.SimpleQueueService.NonExistentQueue');
    for (let i = 0; i < count; i++) {
      const message = task.moved < task.toMove ? source.takeForMove() : undefined;
      if (!message) return this.finish(task, 'COMPLETED');
      const targetArn = task.destinationArn ?? message.deadLetterSourceArn;
      const target = targetArn === undefined ? undefined : this.store.byArn(targetArn);
      if (!target) {
        // The message stays in the dead-letter queue; the task stops, as AWS's do on a bad target.
        source.adopt(message, message.deadLetterSourceArn, Date.now());
        return this.fail(task, targetArn === undefined ? 'CouldNotDetermineMessageSource' : 'AWS.SimpleQueueService.NonExistentQueue');
      }
      target.adopt(message, undefined, Date.now());
      task.moved++;
    }
    this.changed();
    return true;
  }

  private finish(task: MoveTask, status: MoveTaskStatus): false {
    task.status = status;
    clearTimeout(this.timers.get(task.id));
    this.timers.delete(task.id);
    this.changed();
    return false;
  }

  private fail(task: MoveTask, reason: string): false {
    task.failureReason = reason;
    return this.finish(task, 'FAILED');
  }

  private requireQueue(arn: string, parameter: 'SourceArn' | 'DestinationArn'): Queue {
    if (!parseArn(arn)) throw errors.invalidParameter(`You must use this format to specify the ${parameter}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`);
    const queue = this.store.byArn(arn);
    if (!queue) throw errors.resourceNotFound(`The resource that you specified for the ${parameter} parameter doesn't exist.`);
    return queue;
  }
}

function handleOf(task: MoveTask): string {
  return Buffer.from(JSON.stringify({ taskId: task.id, sourceArn: task.sourceArn })).toString('base64');
}

function decodeHandle(handle: string): { taskId: string; sourceArn: string } {
  try {
    const parsed = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as { taskId?: unknown; sourceArn?: unknown };
    if (typeof parsed.taskId === 'string' && typeof parsed.sourceArn === 'string') return { taskId: parsed.taskId, sourceArn: parsed.sourceArn };
  } catch {
    // reported below
  }
  throw errors.invalidParameter('Value for parameter TaskHandle is invalid.');
}

import { randomBytes } from 'node:crypto';
import { DeleteQueueCommand, ListQueueTagsCommand, ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { UnsubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '../logger';

/** Every broadcast queue's name starts with this, so they can be listed. */
export const BROADCAST_PREFIX = 'agql-live-';
export const TOPIC_TAG = 'aws-graphql:topic';
export const SUBSCRIPTION_TAG = 'aws-graphql:subscription';
/** Epoch ms of the owner's last sign of life; a live process refreshes it every minute. */
export const HEARTBEAT_TAG = 'aws-graphql:heartbeat';
/** A broadcast queue whose heartbeat is older than this belongs to a process that is gone. */
export const ORPHAN_AFTER_MS = 5 * 60_000;

/** A random id of this process, part of its broadcast queue names. */
export function instanceId(): string {
  return randomBytes(4).toString('hex');
}

/** `agql-live-<instance>-<topic name>`, cut to SQS's 80 characters (75 when .fifo is added). */
export function broadcastQueueName(instance: string, topicArn: string): string {
  const topic = (topicArn.split(':').pop() ?? 'topic').replace(/\.fifo$/, '');
  return `${BROADCAST_PREFIX}${instance}-${topic}`.slice(0, 75);
}

/**
 * Removes the broadcast queues (and their SNS subscriptions) of processes that died without
 * shutting down: those whose heartbeat tag is older than ORPHAN_AFTER_MS. Returns their names.
 */
export async function removeOrphans(sqs: SQSClient, sns: SNSClient, logger: Logger, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: BROADCAST_PREFIX, MaxResults: 1000, NextToken }));
    NextToken = page.NextToken;
    for (const url of page.QueueUrls ?? []) {
      const { Tags = {} } = await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
      const heartbeat = Number(Tags[HEARTBEAT_TAG] ?? 0);
      if (now - heartbeat < ORPHAN_AFTER_MS) continue;
      const subscription = Tags[SUBSCRIPTION_TAG];
      if (subscription) await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription })).catch((err: unknown) => logger.debug({ err }, 'orphan subscription already gone'));
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      removed.push(url.split('/').pop() ?? url);
    }
  } while (NextToken);
  if (removed.length) logger.info({ removed }, 'removed broadcast queues of processes that are gone');
  return removed;
}

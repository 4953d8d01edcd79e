import type { AwsClients } from '../aws/clients';
import { decodeSnsAttributes } from '../lib/message-attributes';
import { parseJson, toMessage, type SnsEnvelope } from '../lib/sqs-message';
import type { Logger } from '../logger';
import type { Event } from '../types/event.type';
import type { Message } from '../types/queue.type';
import type { TopicMessage } from '../types/topic.type';
import { SqsPubSub } from './sqs-pubsub';

export { SqsPubSub } from './sqs-pubsub';

/** The schema's PubSub with the API's payload types. */
export type LivePubSub = SqsPubSub<Message, TopicMessage, Event>;

export interface LivePubSubDeps {
  clients: AwsClients;
  logger: Logger;
  eventsTopic: string;
  resolveTopicArn(topic: string): Promise<string>;
  publishEvent(event: Pick<Event, 'type' | 'data' | 'source'>): Promise<unknown>;
  /** The event carried by an events-topic message, or undefined when it isn't one. */
  parseEvent(message: string): Event | undefined;
}

/** A topic's message as a topicMessages subscriber sees it. */
export function toTopicMessage(envelope: SnsEnvelope): TopicMessage {
  return {
    messageId: envelope.MessageId,
    topicArn: envelope.TopicArn,
    subject: envelope.Subject ?? null,
    message: envelope.Message,
    json: parseJson(envelope.Message) ?? null,
    attributes: decodeSnsAttributes(envelope.MessageAttributes),
    timestamp: envelope.Timestamp ? new Date(envelope.Timestamp) : new Date(),
  };
}

/** Builds the process's PubSub around the shared clients (pollers get their own SQS client). */
export function createLivePubSub(deps: LivePubSubDeps): LivePubSub {
  const { clients, logger, eventsTopic, resolveTopicArn, publishEvent, parseEvent } = deps;
  return new SqsPubSub<Message, TopicMessage, Event>({
    sqs: clients.sqs,
    poller: clients.sqsPoller,
    sns: clients.sns,
    logger,
    eventsTopic,
    resolveTopicArn,
    publishEvent: (event) => publishEvent(event as Event),
    mappers: {
      queueMessage: (queue, message) => toMessage(message, queue),
      topicMessage: toTopicMessage,
      event: (envelope) => parseEvent(envelope.Message),
      eventType: (event) => event.type,
    },
  });
}

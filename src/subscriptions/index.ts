import type { AppDeps } from '../context';
import { EventBus, parseEventMessage } from '../datasources/event-bus';
import { TopicRefs } from '../datasources/topic-refs';
import { decodeSnsAttributes } from '../lib/message-attributes';
import { parseJson, toMessage, type SnsEnvelope } from '../lib/sqs-message';
import type { Event } from '../types/event.type';
import type { Message } from '../types/queue.type';
import type { TopicMessage } from '../types/topic.type';
import { SqsPubSub } from './sqs-pubsub';

export { SqsPubSub } from './sqs-pubsub';

/** The schema's PubSub with the API's payload types. */
export type LivePubSub = SqsPubSub<Message, TopicMessage, Event>;

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

/** The event an events-topic message carries, or undefined when it carries none. */
export function toEvent(message: string): Event | undefined {
  const event = parseEventMessage(message);
  return event && { ...event, timestamp: new Date(event.timestamp) };
}

/**
 * Builds the process's PubSub around the shared clients (the pollers get their own SQS client):
 * topic references resolve as the topics API resolves them, and events publish through the
 * same EventBus as the publishEvent mutation.
 */
export function createLivePubSub({ config, clients, logger, snsAccount }: Pick<AppDeps, 'config' | 'clients' | 'logger' | 'snsAccount'>): LivePubSub {
  const { region, eventsTopic } = config;
  const refs = new TopicRefs({ region, account: snsAccount });
  const events = new EventBus({ sns: clients.sns, sqs: clients.sqs, lambda: clients.lambda, region, account: snsAccount, topic: eventsTopic, logger });
  return new SqsPubSub<Message, TopicMessage, Event>({
    sqs: clients.sqs,
    poller: clients.sqsPoller,
    sns: clients.sns,
    logger,
    eventsTopic,
    region,
    resolveTopicArn: (topic) => refs.requireArn(topic),
    publishEvent: (event) => {
      const { type, data, source } = event as Event;
      return events.publish(type, data, source ?? null);
    },
    mappers: {
      queueMessage: (queue, message) => toMessage(message, queue),
      topicMessage: toTopicMessage,
      event: (envelope) => toEvent(envelope.Message),
      eventType: (event) => event.type,
    },
  });
}

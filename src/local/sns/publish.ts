import { randomUUID } from 'node:crypto';
import { topicNameFromArn } from './arns';
import { SnsError, invalidParameter, missingMember, topicNotFound } from './errors';
import { contentDeduplicationId, nextSequenceNumber, type FifoLedger } from './fifo';
import { publishSize, readMessageAttributes } from './message-attributes';
import type { QueryParams } from './query';
import type { MessageAttribute, Operation, SnsMessage, SnsRuntime } from './runtime';
import type { Topic } from './state';

/** 256 KB: the largest message, attributes included. */
export const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH = 10;
const BATCH_ID = /^[A-Za-z0-9_-]+$/;
const FIFO_ID = /^[\x21-\x7e]{1,128}$/;

/** A publish request after the checks that fail the whole call. */
interface PublishInput {
  message?: string;
  subject?: string;
  perProtocol?: Record<string, string>;
  attributes: Record<string, MessageAttribute>;
  groupId?: string;
  deduplicationId?: string;
}

function readEntry(params: QueryParams, topic: Topic, attributePath: string): PublishInput {
  const message = params.get('Message');
  const attributes = readMessageAttributes(params, attributePath);
  const structure = params.get('MessageStructure');
  let perProtocol: Record<string, string> | undefined;
  if (structure !== undefined) {
    if (structure !== 'json') throw invalidParameter('Invalid parameter: MessageStructure');
    perProtocol = messageStructure(message ?? '');
  }
  const input: PublishInput = { message, subject: params.get('Subject'), perProtocol, attributes, groupId: params.get('MessageGroupId'), deduplicationId: params.get('MessageDeduplicationId') };
  checkFifo(topic, input);
  return input;
}

/** MessageStructure=json: the per-protocol texts; non-string members are ignored, a string `default` is required. */
function messageStructure(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
  }
  const texts = Object.fromEntries(Object.entries(typeof parsed === 'object' && parsed !== null ? parsed : {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  if (texts.default === undefined) throw invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
  return texts;
}

function checkFifo(topic: Topic, input: PublishInput): void {
  if (!topic.fifo) {
    if (input.deduplicationId !== undefined) {
      throw invalidParameter('Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
    }
    return;
  }
  if (input.groupId === undefined) throw invalidParameter('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
  if (!FIFO_ID.test(input.groupId)) throw invalidParameter('Invalid parameter: MessageGroupId Reason: must be 1 to 128 printable ASCII characters');
  if (input.deduplicationId === undefined && topic.attributes.ContentBasedDeduplication !== 'true') {
    throw invalidParameter('Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
  }
  if (input.deduplicationId !== undefined && !FIFO_ID.test(input.deduplicationId)) {
    throw invalidParameter('Invalid parameter: MessageDeduplicationId Reason: must be 1 to 128 printable ASCII characters');
  }
}

/** Checks that AWS reports per entry in PublishBatch; in Publish they fail the call. */
function checkContent(input: PublishInput): string {
  if (input.message === undefined) throw missingMember('message');
  if (input.message === '') throw invalidParameter('Invalid parameter: Empty message');
  const { subject } = input;
  if (subject !== undefined && (subject.length === 0 || subject.length > 100 || !/^[\x21-\x7e][\x20-\x7e]*$/.test(subject))) {
    throw invalidParameter('Invalid parameter: Subject');
  }
  return input.message;
}

/** Turns a checked input into a message, or finds the earlier one a FIFO duplicate stands for. */
function accept(topic: Topic, input: PublishInput, message: string, rt: SnsRuntime, ledger: FifoLedger): { messageId: string; sequenceNumber?: string } {
  const deduplicationId = topic.fifo ? input.deduplicationId ?? contentDeduplicationId(message) : undefined;
  if (deduplicationId !== undefined) {
    const earlier = ledger.duplicateOf(topic.arn, deduplicationId);
    if (earlier) return earlier;
  }
  const sns: SnsMessage = {
    messageId: randomUUID(),
    topicArn: topic.arn,
    subject: input.subject,
    message: input.perProtocol?.default ?? message,
    perProtocol: input.perProtocol,
    attributes: input.attributes,
    timestamp: new Date().toISOString(),
    groupId: input.groupId,
    deduplicationId,
    sequenceNumber: topic.fifo ? nextSequenceNumber(topic) : undefined,
  };
  if (deduplicationId !== undefined) {
    ledger.remember(topic.arn, deduplicationId, sns.messageId, sns.sequenceNumber as string);
    rt.state.changed();
  }
  rt.fanOut(topic, sns);
  return { messageId: sns.messageId, sequenceNumber: sns.sequenceNumber };
}

function publishTopic(params: QueryParams, rt: SnsRuntime): Topic {
  if (params.get('PhoneNumber') !== undefined) throw invalidParameter('Invalid parameter: PhoneNumber Reason: the local SNS does not send SMS');
  const target = params.get('TopicArn') ?? params.get('TargetArn');
  if (target === undefined) throw invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  const member = params.get('TopicArn') !== undefined ? 'TopicArn' : 'TargetArn';
  if (member === 'TargetArn' && target.includes(':endpoint/')) {
    throw invalidParameter('Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified');
  }
  topicNameFromArn(target, rt, 'Publish', member);
  const topic = rt.state.topics.get(target);
  if (!topic) throw topicNotFound();
  return topic;
}

/** Publish and PublishBatch, sharing the FIFO ledger of the service. */
export function publishOperations(ledger: FifoLedger): Record<string, Operation> {
  return {
    Publish(params, rt) {
      const topic = publishTopic(params, rt);
      const input = readEntry(params, topic, 'messageAttributes');
      const message = checkContent(input);
      if (publishSize(message, input.attributes) > MAX_MESSAGE_BYTES) throw invalidParameter('Invalid parameter: Message too long');
      const { messageId, sequenceNumber } = accept(topic, input, message, rt, ledger);
      return { MessageId: messageId, SequenceNumber: sequenceNumber };
    },

    PublishBatch(params, rt) {
      const topicArn = params.get('TopicArn');
      topicNameFromArn(topicArn, rt, 'PublishBatch');
      const members = params.structs('PublishBatchRequestEntries');
      if (members.length === 0) throw new SnsError('EmptyBatchRequest', "The batch request doesn't contain any entries.");
      if (members.length > MAX_BATCH) throw new SnsError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
      const topic = rt.state.topics.get(topicArn as string);
      if (!topic) throw topicNotFound();
      const ids = members.map((m) => m.get('Id') ?? '');
      checkBatchIds(ids);
      const inputs = members.map((m, i) => readEntry(m, topic, `publishBatchRequestEntries.${i + 1}.member.messageAttributes`));
      const size = inputs.reduce((sum, input) => sum + publishSize(input.message ?? '', input.attributes), 0);
      if (size > MAX_MESSAGE_BYTES) throw new SnsError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.');
      const Successful: Record<string, string | undefined>[] = [];
      const Failed: Record<string, string | boolean>[] = [];
      inputs.forEach((input, i) => {
        const Id = ids[i] as string;
        try {
          const { messageId, sequenceNumber } = accept(topic, input, checkContent(input), rt, ledger);
          Successful.push({ Id, MessageId: messageId, SequenceNumber: sequenceNumber });
        } catch (err) {
          if (!(err instanceof SnsError)) throw err;
          Failed.push({ Id, Code: err.code, Message: err.message, SenderFault: err.type === 'Sender' });
        }
      });
      return { Successful, Failed };
    },
  };
}

function checkBatchIds(ids: string[]): void {
  if (new Set(ids).size !== ids.length) throw new SnsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  for (const id of ids) {
    if (id.length > 80) throw new SnsError('InvalidBatchEntryId', `The Id of a batch entry in the batch request is too long: ${id}`);
    if (!BATCH_ID.test(id)) throw new SnsError('InvalidBatchEntryId', `The Id of a batch entry in the batch request contains an impermissible character: ${id}`);
  }
}

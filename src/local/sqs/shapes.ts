import { errors } from './errors';

/** The input shapes of the SQS operations (service model 2012-11-05), for checking requests. */
type Shape = 'string' | 'integer' | 'blob' | { list: Shape } | { map: Shape } | Struct;
interface Struct {
  members: Record<string, Shape>;
  required?: string[];
}

const S: Shape = 'string';
const I: Shape = 'integer';
const listOf = (shape: Shape): Shape => ({ list: shape });
const mapOf = (shape: Shape): Shape => ({ map: shape });
const struct = (members: Record<string, Shape>, required: string[] = []): Struct => ({ members, required });

const ATTRIBUTE_VALUE = struct({ DataType: S, StringValue: S, BinaryValue: 'blob', StringListValues: listOf(S), BinaryListValues: listOf('blob') }, ['DataType']);
const MESSAGE_FIELDS: Record<string, Shape> = {
  MessageBody: S,
  DelaySeconds: I,
  MessageAttributes: mapOf(ATTRIBUTE_VALUE),
  MessageSystemAttributes: mapOf(ATTRIBUTE_VALUE),
  MessageDeduplicationId: S,
  MessageGroupId: S,
};
const URL_ONLY = struct({ QueueUrl: S }, ['QueueUrl']);

export const INPUTS: Readonly<Record<string, Struct>> = {
  CreateQueue: struct({ QueueName: S, Attributes: mapOf(S), tags: mapOf(S) }, ['QueueName']),
  GetQueueUrl: struct({ QueueName: S, QueueOwnerAWSAccountId: S }, ['QueueName']),
  ListQueues: struct({ QueueNamePrefix: S, NextToken: S, MaxResults: I }),
  DeleteQueue: URL_ONLY,
  PurgeQueue: URL_ONLY,
  ListQueueTags: URL_ONLY,
  GetQueueAttributes: struct({ QueueUrl: S, AttributeNames: listOf(S) }, ['QueueUrl']),
  SetQueueAttributes: struct({ QueueUrl: S, Attributes: mapOf(S) }, ['QueueUrl', 'Attributes']),
  TagQueue: struct({ QueueUrl: S, Tags: mapOf(S) }, ['QueueUrl', 'Tags']),
  UntagQueue: struct({ QueueUrl: S, TagKeys: listOf(S) }, ['QueueUrl', 'TagKeys']),
  ListDeadLetterSourceQueues: struct({ QueueUrl: S, NextToken: S, MaxResults: I }, ['QueueUrl']),
  AddPermission: struct({ QueueUrl: S, Label: S, AWSAccountIds: listOf(S), Actions: listOf(S) }, ['QueueUrl', 'Label', 'AWSAccountIds', 'Actions']),
  RemovePermission: struct({ QueueUrl: S, Label: S }, ['QueueUrl', 'Label']),
  SendMessage: struct({ QueueUrl: S, ...MESSAGE_FIELDS }, ['QueueUrl', 'MessageBody']),
  SendMessageBatch: struct({ QueueUrl: S, Entries: listOf(struct({ Id: S, ...MESSAGE_FIELDS }, ['Id', 'MessageBody'])) }, ['QueueUrl']),
  ReceiveMessage: struct(
    {
      QueueUrl: S,
      AttributeNames: listOf(S),
      MessageSystemAttributeNames: listOf(S),
      MessageAttributeNames: listOf(S),
      MaxNumberOfMessages: I,
      VisibilityTimeout: I,
      WaitTimeSeconds: I,
      ReceiveRequestAttemptId: S,
    },
    ['QueueUrl'],
  ),
  DeleteMessage: struct({ QueueUrl: S, ReceiptHandle: S }, ['QueueUrl', 'ReceiptHandle']),
  DeleteMessageBatch: struct({ QueueUrl: S, Entries: listOf(struct({ Id: S, ReceiptHandle: S }, ['Id', 'ReceiptHandle'])) }, ['QueueUrl']),
  ChangeMessageVisibility: struct({ QueueUrl: S, ReceiptHandle: S, VisibilityTimeout: I }, ['QueueUrl', 'ReceiptHandle', 'VisibilityTimeout']),
  ChangeMessageVisibilityBatch: struct(
    { QueueUrl: S, Entries: listOf(struct({ Id: S, ReceiptHandle: S, VisibilityTimeout: I }, ['Id', 'ReceiptHandle'])) },
    ['QueueUrl'],
  ),
  StartMessageMoveTask: struct({ SourceArn: S, DestinationArn: S, MaxNumberOfMessagesPerSecond: I }, ['SourceArn']),
  CancelMessageMoveTask: struct({ TaskHandle: S }, ['TaskHandle']),
  ListMessageMoveTasks: struct({ SourceArn: S, MaxResults: I }, ['SourceArn']),
};

/**
 * Checks a parsed JSON request against its operation's input shape: wrong types are a
 * SerializationException, a missing required member is MissingParameter. Blobs (base64 in JSON)
 * become Buffers; unknown members are ignored, as AWS ignores them.
 */
export function checkInput(operation: string, input: unknown): Record<string, unknown> {
  const shape = INPUTS[operation];
  if (!shape) throw errors.unknownOperation(`Unknown operation ${operation}`);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw errors.serialization('The request body must be a JSON object.');
  checkStruct(shape, input as Record<string, unknown>, '');
  return input as Record<string, unknown>;
}

function checkStruct(shape: Struct, value: Record<string, unknown>, path: string): void {
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null) throw errors.missingParameter(`${path}${name}`);
  }
  for (const [name, member] of Object.entries(shape.members)) {
    const field = value[name];
    if (field === undefined) continue;
    if (field === null) {
      delete value[name];
      continue;
    }
    value[name] = check(member, field, `${path}${name}`);
  }
}

function check(shape: Shape, value: unknown, path: string): unknown {
  if (shape === 'string') {
    if (typeof value !== 'string') throw wrongType(path, 'a string');
    return value;
  }
  if (shape === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31) throw wrongType(path, 'an integer');
    return value;
  }
  if (shape === 'blob') {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw wrongType(path, 'base64-encoded binary data');
    return Buffer.from(value, 'base64');
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) throw wrongType(path, 'a list');
    return value.map((item, i) => check(shape.list, item, `${path}.${i + 1}`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw wrongType(path, 'a structure');
  if ('map' in shape) {
    // No prototype, so that a key such as __proto__ is an ordinary entry.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) out[key] = check(shape.map, item, `${path}.${key}`);
    return out;
  }
  checkStruct(shape, value as Record<string, unknown>, `${path}.`);
  return value;
}

function wrongType(path: string, expected: string) {
  return errors.serialization(`The value of ${path} must be ${expected}.`);
}

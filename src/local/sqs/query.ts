import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestId } from '../http';
import { errors, SqsError } from './errors';
import { INPUTS } from './shapes';
import type { Output } from './types';

type Run = (operation: string, input: Record<string, unknown>, signal: AbortSignal) => Output | Promise<Output>;
type Nested = { [key: string]: Nested | string };

const NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** Flattened members of the query protocol: JSON member name to the name repeated in the form and the XML. */
const MEMBER_NAMES: Record<string, string> = {
  Attributes: 'Attribute',
  tags: 'Tag',
  Tags: 'Tag',
  AttributeNames: 'AttributeName',
  MessageSystemAttributeNames: 'MessageSystemAttributeName',
  MessageAttributeNames: 'MessageAttributeName',
  MessageAttributes: 'MessageAttribute',
  MessageSystemAttributes: 'MessageSystemAttribute',
  TagKeys: 'TagKey',
  AWSAccountIds: 'AWSAccountId',
  Actions: 'ActionName',
  QueueUrls: 'QueueUrl',
  queueUrls: 'QueueUrl',
  Messages: 'Message',
  Failed: 'BatchResultErrorEntry',
  Results: 'ListMessageMoveTasksResultEntry',
};

/**
 * The SQS query protocol: form-encoded `Action=SendMessage&Version=2012-11-05&...` (POST body or
 * GET query string, the queue URL possibly given as the request path), XML answers and errors.
 * Requests are turned into the JSON protocol's input so both share every operation.
 */
export async function handleQuery(raw: Buffer, req: IncomingMessage, res: ServerResponse, run: Run): Promise<void> {
  const [path, search = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
  const params = new URLSearchParams(raw.length ? raw.toString('utf8') : search);
  const action = params.get('Action') ?? '';
  const controller = new AbortController();
  res.once('close', () => !res.writableFinished && controller.abort());
  try {
    if (!INPUTS[action]) throw new SqsError('InvalidAction', 'InvalidAction', 400, `The action ${action || '(none)'} is not valid for this web service.`);
    const input = inputOf(action, params);
    if (input.QueueUrl === undefined && /^\/\d{12}\/[^/]+$/.test(path)) input.QueueUrl = `http://${req.headers.host ?? 'localhost'}${path}`;
    const output = await run(action, input, controller.signal);
    if (!res.destroyed) send(res, 200, `<${action}Response xmlns="${NAMESPACE}">${resultXml(action, output)}<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`);
  } catch (err) {
    if (res.destroyed) return;
    const error = err instanceof SqsError ? err : errors.internal();
    // The query protocol words a missing queue as it always has.
    const message = error.shape === 'QueueDoesNotExist' ? 'The specified queue does not exist for this wsdl version.' : error.message;
    const body = `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type><Code>${escape(error.code)}</Code><Message>${escape(message)}</Message><Detail/></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`;
    send(res, error.status, body);
  }
}

function send(res: ServerResponse, status: number, xml: string): void {
  const text = `<?xml version="1.0"?>${xml}`;
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId() });
  res.end(text);
}

/** Builds the JSON-protocol input of an action from its form parameters. */
function inputOf(action: string, params: URLSearchParams): Record<string, unknown> {
  // Objects without a prototype, so that no form key (`__proto__.x`) reaches Object.prototype.
  const nested: Nested = Object.create(null) as Nested;
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = nested;
    for (const part of parts.slice(0, -1)) node = typeof node[part] === 'object' ? (node[part] as Nested) : (node[part] = Object.create(null) as Nested);
    node[parts[parts.length - 1] as string] = value;
  }
  const entryName = `${action}RequestEntry`;
  const input: Record<string, unknown> = {};
  for (const [member, shape] of Object.entries((INPUTS[action] as { members: Record<string, unknown> }).members)) {
    const name = member === 'Entries' ? entryName : MEMBER_NAMES[member] ?? member;
    const value = nested[name];
    if (value !== undefined) input[member] = convert(member, shape, value);
  }
  return input;
}

/** Converts one form value to the JSON shape: indexed lists, Name/Value (Key/Value) maps, numbers. */
function convert(member: string, shape: unknown, value: Nested | string): unknown {
  if (shape === 'integer') return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof shape === 'string' || typeof value === 'string') return value;
  const items = Object.keys(value)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => value[k] as Nested | string);
  if (shape && typeof shape === 'object' && 'list' in shape) return items.map((item) => convert(member, (shape as { list: unknown }).list, item));
  if (shape && typeof shape === 'object' && 'map' in shape) {
    const keyName = member.toLowerCase() === 'tags' ? 'Key' : 'Name';
    const out = Object.create(null) as Record<string, unknown>;
    for (const item of items) if (typeof item === 'object' && typeof item[keyName] === 'string') out[item[keyName] as string] = convert('', (shape as { map: unknown }).map, item.Value ?? '');
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries((shape as { members: Record<string, unknown> }).members)) {
    const v = value[MEMBER_NAMES[name] ?? name];
    if (v !== undefined) out[name] = convert(name, inner, v);
  }
  return out;
}

/** Actions whose answer has no result element, only response metadata. */
const NO_RESULT = new Set(['DeleteQueue', 'PurgeQueue', 'SetQueueAttributes', 'TagQueue', 'UntagQueue', 'DeleteMessage', 'ChangeMessageVisibility', 'AddPermission', 'RemovePermission']);

function resultXml(action: string, output: Output): string {
  if (NO_RESULT.has(action)) return '';
  if (!output) return `<${action}Result/>`;
  return `<${action}Result>${membersXml(action, output)}</${action}Result>`;
}

function membersXml(action: string, value: Record<string, unknown>): string {
  let xml = '';
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (Array.isArray(item)) {
      const name = key === 'Successful' ? `${action}ResultEntry` : MEMBER_NAMES[key] ?? key;
      for (const element of item) xml += element && typeof element === 'object' ? `<${name}>${membersXml(action, element as Record<string, unknown>)}</${name}>` : `<${name}>${escape(String(element))}</${name}>`;
    } else if (item && typeof item === 'object') {
      xml += mapXml(key, item as Record<string, unknown>);
    } else {
      xml += `<${key}>${escape(String(item))}</${key}>`;
    }
  }
  return xml;
}

/** Maps are flattened Name/Value (Key/Value for tags) entries. */
function mapXml(key: string, map: Record<string, unknown>): string {
  const entry = MEMBER_NAMES[key] ?? key;
  const keyName = key === 'Tags' ? 'Key' : 'Name';
  let xml = '';
  for (const [name, value] of Object.entries(map)) {
    const inner = value && typeof value === 'object' ? membersXml('', value as Record<string, unknown>) : escape(String(value));
    xml += `<${entry}><${keyName}>${escape(name)}</${keyName}><Value>${inner}</Value></${entry}>`;
  }
  return xml;
}

/** XML text as SQS writes it: quotes and carriage returns as character entities too. */
function escape(text: string): string {
  return text.replace(/[&<>"\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#xD;'));
}

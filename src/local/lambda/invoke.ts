import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Functions } from './control';
import { LambdaError, validationError } from './errors';
import type { Invoker } from './invoker';
import { logTail } from './logs';

/** AWS's limits on an Invoke request body: 6 MB synchronous, 1 MB for Event. */
export const INVOKE_LIMIT = 6_291_456;
export const EVENT_LIMIT = 1_048_576;

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
type InvocationType = (typeof INVOCATION_TYPES)[number];

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The invocation type and log type headers, checked against their enums. */
function readHeaders(req: IncomingMessage): { type: InvocationType; tail: boolean } {
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  const logType = header(req, 'x-amz-log-type') ?? 'None';
  const problems: string[] = [];
  if (!(INVOCATION_TYPES as readonly string[]).includes(type)) {
    problems.push(`Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`);
  }
  if (logType !== 'None' && logType !== 'Tail') problems.push(`Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`);
  if (problems.length) throw validationError(problems);
  return { type: type as InvocationType, tail: logType === 'Tail' };
}

/** The event as JSON text: an empty body is `{}`; anything else must be JSON, as AWS requires. */
export function readPayload(body: Buffer): string {
  if (body.length === 0) return '{}';
  const text = body.toString('utf8');
  try {
    JSON.parse(text);
  } catch (err) {
    throw new LambdaError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`);
  }
  return text;
}

/** X-Amz-Client-Context: base64 of a JSON object, handed to the function as context.clientContext. */
function readClientContext(req: IncomingMessage): unknown {
  const raw = header(req, 'x-amz-client-context');
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // falls through to the refusal
  }
  throw new LambdaError('InvalidParameterValueException', 'Client context must be a valid Base64-encoded JSON object.');
}

/** Invoke: RequestResponse answers 200 with the result (or the error with X-Amz-Function-Error), Event 202, DryRun 204. */
export async function invoke(fns: Functions, invoker: Invoker, req: IncomingMessage, res: ServerResponse, target: string, query: URLSearchParams, body: Buffer): Promise<void> {
  const { type, tail } = readHeaders(req);
  if (type === 'Event' && body.length > EVENT_LIMIT) {
    throw new LambdaError('RequestEntityTooLargeException', `${body.length} byte payload is too large for the Event invocation type (limit ${EVENT_LIMIT} bytes)`);
  }
  const fn = fns.find(target, query.get('Qualifier'));
  const payload = readPayload(body);
  const clientContext = readClientContext(req);
  if (type === 'DryRun') {
    send(res, 204, '', { 'x-amzn-RequestId': randomUUID() });
    return;
  }
  if (type === 'Event') {
    const requestId = invoker.enqueue(fn, { payload, clientContext });
    send(res, 202, '', { 'x-amzn-RequestId': requestId });
    return;
  }
  const result = await invoker.invoke(fn, { payload, clientContext });
  send(res, 200, result.payload, {
    'x-amzn-RequestId': result.requestId,
    'X-Amz-Executed-Version': '$LATEST',
    ...(result.functionError ? { 'X-Amz-Function-Error': result.functionError } : {}),
    ...(tail ? { 'X-Amz-Log-Result': logTail(result.log) } : {}),
  });
}

/** The deprecated InvokeAsync: the body is the event; always 202 {"Status":202}. */
export function invokeAsync(fns: Functions, invoker: Invoker, res: ServerResponse, target: string, body: Buffer): void {
  const fn = fns.find(target);
  const requestId = invoker.enqueue(fn, { payload: readPayload(body) });
  send(res, 202, JSON.stringify({ Status: 202 }), { 'x-amzn-RequestId': requestId });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';

/**
 * Deepest JSON a DynamoDB request may need: DynamoDB takes 32 levels of attribute nesting (each map
 * or list level is two JSON levels, `{"M":{"k":...}}`) under at most 6 levels of request
 * (`BatchWriteItem.RequestItems.<table>[i].PutRequest.Item`). dynalite's recursive validation
 * overflows the stack thousands of levels down, which would end the whole process.
 */
export const MAX_JSON_DEPTH = 80;

/** DynamoDB's answer to an item nested beyond its limit. */
export const NESTING_ERROR = {
  __type: 'com.amazon.coral.validate#ValidationException',
  message: 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
};

/** Whether a JSON text nests objects and arrays deeper than `max` (strings are skipped; the text need not be valid). */
export function jsonDeeperThan(raw: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * A stand-in for a request whose body has already been read, for dynalite's request handler.
 * dynalite rethrows any error of the request stream (a client that resets mid-body) and throws
 * from its handlers; fed from here, the stream never errors and `replay` turns what its
 * handlers throw synchronously into an exception the caller can answer.
 */
export function bufferedRequest(req: IncomingMessage): { request: IncomingMessage; replay: (body: Buffer) => void } {
  const request = Object.assign(new EventEmitter(), { headers: req.headers, method: req.method, url: req.url, httpVersion: req.httpVersion });
  return {
    request: request as unknown as IncomingMessage,
    replay: (body) => {
      if (body.length) request.emit('data', body);
      request.emit('end');
    },
  };
}

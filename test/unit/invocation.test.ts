import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { nextPosition } from '../../src/datasources/functions.datasource';
import { decodePayload, encodePayload, functionErrorOf, functionNameOf, isRetryableInvokeError, resultOf, translateInvokeError } from '../../src/datasources/invocation';
import { ValidationError } from '../../src/errors';
import { InvocationType } from '../../src/types/function.type';

describe('encodePayload', () => {
  it('serializes any JSON, {} when omitted', () => {
    expect(Buffer.from(encodePayload({ a: [1, 'é'] }, InvocationType.REQUEST_RESPONSE)).toString()).toBe('{"a":[1,"é"]}');
    expect(Buffer.from(encodePayload(undefined, InvocationType.REQUEST_RESPONSE)).toString()).toBe('{}');
    expect(Buffer.from(encodePayload(null, InvocationType.EVENT)).toString()).toBe('null');
    expect(Buffer.from(encodePayload('text', InvocationType.EVENT)).toString()).toBe('"text"');
  });

  it('accepts exactly 6,291,456 bytes synchronously and refuses one more, naming the field', () => {
    const sized = (bytes: number) => 'x'.repeat(bytes - 2); // the JSON string adds two quotes
    expect(encodePayload(sized(6_291_456), InvocationType.REQUEST_RESPONSE).length).toBe(6_291_456);
    let error: unknown;
    try {
      encodePayload(sized(6_291_457), InvocationType.REQUEST_RESPONSE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ field: 'payload', message: 'is 6291457 bytes; Lambda accepts at most 6291456 bytes for REQUEST_RESPONSE' }]);
  });

  it('limits EVENT payloads to 1,048,576 bytes, counting UTF-8 bytes', () => {
    expect(encodePayload('x'.repeat(1_048_574), InvocationType.EVENT).length).toBe(1_048_576);
    // 524,288 two-byte characters: 1,048,578 bytes with the quotes, though only 524,290 characters.
    expect(() => encodePayload('é'.repeat(524_288), InvocationType.EVENT)).toThrow(ValidationError);
  });
});

describe('decodePayload', () => {
  it('parses JSON, keeps other text as a string, and is null when empty', () => {
    expect(decodePayload(Buffer.from('{"ok":true}'))).toEqual({ ok: true });
    expect(decodePayload(Buffer.from('42'))).toBe(42);
    expect(decodePayload(Buffer.from('plain text'))).toBe('plain text');
    expect(decodePayload(Buffer.alloc(0))).toBeNull();
    expect(decodePayload(undefined)).toBeNull();
  });
});

describe('functionErrorOf', () => {
  it('reads errorMessage and errorType of Node and Python error payloads', () => {
    expect(functionErrorOf({ errorType: 'Error', errorMessage: 'boom', trace: [] })).toEqual({ errorMessage: 'boom', errorType: 'Error' });
    expect(functionErrorOf({ errorMessage: 'bad', errorType: 'ValueError', stackTrace: [] })).toEqual({ errorMessage: 'bad', errorType: 'ValueError' });
    expect(functionErrorOf('Task timed out')).toEqual({ errorMessage: 'Task timed out', errorType: null });
    expect(functionErrorOf(null)).toEqual({ errorMessage: null, errorType: null });
  });
});

describe('resultOf', () => {
  it('has no payload for EVENT and DRY_RUN', () => {
    expect(resultOf({ StatusCode: 202, Payload: Uint8ArrayBlobAdapter.fromString(''), $metadata: {} }, InvocationType.EVENT, false)).toMatchObject({ success: true, statusCode: 202, payload: null });
    expect(resultOf({ StatusCode: 204, $metadata: {} }, InvocationType.DRY_RUN, false)).toMatchObject({ success: true, statusCode: 204, payload: null });
  });
});

describe('functionNameOf', () => {
  it('finds the bare name in names, qualified names, partial ARNs and ARNs', () => {
    expect(functionNameOf('greeting')).toBe('greeting');
    expect(functionNameOf('greeting:live')).toBe('greeting');
    expect(functionNameOf('123456789012:function:greeting')).toBe('greeting');
    expect(functionNameOf('arn:aws:lambda:eu-west-1:123456789012:function:greeting:$LATEST')).toBe('greeting');
  });
});

describe('isRetryableInvokeError', () => {
  const withStatus = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  it('retries throttling, 5xx and network failures only', () => {
    expect(isRetryableInvokeError(withStatus('TooManyRequestsException', 429))).toBe(true);
    expect(isRetryableInvokeError(withStatus('ServiceException', 500))).toBe(true);
    expect(isRetryableInvokeError(withStatus('ENILimitReachedException', 502))).toBe(true);
    expect(isRetryableInvokeError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableInvokeError(withStatus('InvalidRequestContentException', 400))).toBe(false);
    expect(isRetryableInvokeError(withStatus('ResourceNotFoundException', 404))).toBe(false);
    expect(isRetryableInvokeError(withStatus('RequestTooLargeException', 413))).toBe(false);
  });
});

describe('translateInvokeError', () => {
  const refused = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
  const fieldOf = (err: unknown) => (err as ValidationError).fields.map((f) => f.field);
  it('names the field Lambda refused: the qualifier, the function, else the input', () => {
    expect(fieldOf(translateInvokeError(refused('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.'), 'f:1', '2', 1))).toEqual(['qualifier']);
    expect(fieldOf(translateInvokeError(refused('ValidationException', "1 validation error detected: Value 'fff' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"), 'fff', undefined, 1))).toEqual(['function']);
    expect(fieldOf(translateInvokeError(refused('InvalidParameterValueException', 'Something else'), 'f', undefined, 1))).toEqual(['input']);
  });
});

describe('nextPosition', () => {
  it('continues with the next Lambda page when this one was used up', () => {
    expect(nextPosition({ o: 0 }, 50, 50, 'm2')).toEqual({ m: 'm2', o: 0 });
    expect(nextPosition({ m: 'm2', o: 0 }, 5, 50, undefined)).toBeUndefined();
    expect(nextPosition({ m: 'm2', o: 0 }, 0, 50, 'm2')).toBeUndefined();
  });

  it('continues inside the Lambda page when it held more than the page needed (moto)', () => {
    expect(nextPosition({ o: 0 }, 55, 50, undefined)).toEqual({ o: 50 });
    expect(nextPosition({ m: 'm', o: 10 }, 40, 20, 'n')).toEqual({ m: 'm', o: 30 });
  });
});

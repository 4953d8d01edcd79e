import {
  EC2ThrottledException,
  InvalidRequestContentException,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { InvocationStatsStore } from '../../src/datasources/invocation-stats';
import { LambdaInvoker, type InvokeRequest } from '../../src/datasources/invoker';
import { NotFoundError, ThrottledError, UpstreamUnavailableError, ValidationError } from '../../src/errors';
import { InvocationType } from '../../src/types/function.type';

// aws-sdk-client-mock stands in for Lambda only to produce what a real backend can't on demand:
// throttling, 5xx service errors and network failures, to test retries, backoff and attempts.
const lambdaMock = mockClient(LambdaClient);

const meta = (status: number) => ({ $metadata: { httpStatusCode: status } });
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', Type: 'User', Reason: 'ConcurrentInvocationLimitExceeded', ...meta(429) });
const serviceError = () => new ServiceException({ message: 'Internal', ...meta(500) });
const networkError = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
const ok = (body: unknown) => ({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify(body)) });

function setup(random = () => 0.5) {
  const stats = new InvocationStatsStore();
  const waits: number[] = [];
  const invoker = new LambdaInvoker({
    lambda: new LambdaClient({ region: 'us-east-1', maxAttempts: 1 }),
    stats,
    backoff: { baseMs: 100, maxMs: 1000, random },
    wait: async (ms) => void waits.push(ms),
  });
  return { invoker, stats, waits };
}

const request = (over: Partial<InvokeRequest> = {}): InvokeRequest => ({
  function: 'greeting',
  payload: Buffer.from('{"name":"Ada"}'),
  type: InvocationType.REQUEST_RESPONSE,
  retries: 2,
  logTail: false,
  ...over,
});

beforeEach(() => lambdaMock.reset());

describe('LambdaInvoker retries', () => {
  it('retries throttling with full-jitter exponential backoff and counts the attempts', async () => {
    lambdaMock.on(InvokeCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(ok({ message: 'Hello, Ada!' }));
    const { invoker, stats, waits } = setup(() => 0.5);

    const result = await invoker.invoke(request({ retries: 3 }));

    expect(result).toMatchObject({ success: true, statusCode: 200, payload: { message: 'Hello, Ada!' }, attempts: 3 });
    // Half of the ceiling: 100 ms then 200 ms.
    expect(waits).toEqual([50, 100]);
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(3);
    expect(stats.get('greeting')).toMatchObject({ invocations: 1, errors: 0, throttles: 2, retries: 2, successRate: 100 });
  });

  it('caps the backoff ceiling at maxMs', async () => {
    lambdaMock.on(InvokeCommand).rejects(serviceError());
    const { invoker, waits } = setup(() => 0.999);
    await expect(invoker.invoke(request({ retries: 5 }))).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(waits).toEqual([99, 199, 399, 799, 999]);
  });

  it('surfaces throttling after all retries as THROTTLED and counts every throttled attempt', async () => {
    lambdaMock.on(InvokeCommand).rejects(throttled());
    const { invoker, stats } = setup();
    const error = await invoker.invoke(request({ retries: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as Error).message).toBe('Lambda throttled greeting on 3 attempts; try again shortly');
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(3);
    expect(stats.get('greeting')).toEqual({ invocations: 1, errors: 1, throttles: 3, retries: 2, successRate: 0, p50DurationMs: null, p95DurationMs: null });
  });

  it.each([
    ['a 5xx ServiceException', serviceError],
    ['an EC2/ENI error (502)', () => new EC2ThrottledException({ message: 'EC2 throttled', ...meta(502) })],
    ['a network failure', networkError],
  ])('retries %s and reports UPSTREAM_UNAVAILABLE when it persists', async (_what, fault) => {
    lambdaMock.on(InvokeCommand).rejects(fault());
    const { invoker, stats } = setup();
    await expect(invoker.invoke(request({ retries: 1 }))).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(2);
    expect(stats.get('greeting')).toMatchObject({ invocations: 1, errors: 1, throttles: 0, retries: 1 });
  });

  it('recovers from a network failure on the next attempt', async () => {
    lambdaMock.on(InvokeCommand).rejectsOnce(networkError()).resolves(ok('done'));
    const { invoker } = setup();
    expect(await invoker.invoke(request())).toMatchObject({ success: true, payload: 'done', attempts: 2 });
  });

  it('never retries a 4xx client error', async () => {
    lambdaMock.on(InvokeCommand).rejects(new InvalidRequestContentException({ message: 'Could not parse request body', Type: 'User', ...meta(400) }));
    const { invoker, waits } = setup();
    await expect(invoker.invoke(request({ retries: 5 }))).rejects.toBeInstanceOf(ValidationError);
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('never retries a function error, which is a result with success: false', async () => {
    lambdaMock.on(InvokeCommand).resolves({ ...ok({ errorMessage: 'boom', errorType: 'Error', trace: [] }), FunctionError: 'Unhandled' });
    const { invoker, stats } = setup();
    const result = await invoker.invoke(request({ retries: 5 }));
    expect(result).toMatchObject({ success: false, functionError: 'Unhandled', errorMessage: 'boom', errorType: 'Error', attempts: 1 });
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(stats.get('greeting')).toMatchObject({ invocations: 1, errors: 1, retries: 0, successRate: 0 });
  });

  it('makes exactly one attempt with retries 0', async () => {
    lambdaMock.on(InvokeCommand).rejects(throttled());
    const { invoker } = setup();
    await expect(invoker.invoke(request({ retries: 0 }))).rejects.toBeInstanceOf(ThrottledError);
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
  });

  it('reports a missing function as NOT_FOUND naming it, without retrying or keeping statistics', async () => {
    lambdaMock.on(InvokeCommand).rejects(new ResourceNotFoundException({ message: 'Function not found: arn:aws:lambda:...', Type: 'User', ...meta(404) }));
    const { invoker, stats } = setup();
    const error = await invoker.invoke(request({ function: 'nope', qualifier: 'live' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('Function nope (qualifier live) does not exist');
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(stats.get('nope').invocations).toBe(0);
  });
});

describe('LambdaInvoker requests', () => {
  it('passes the qualifier and asks for the log tail only on synchronous calls', async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const { invoker } = setup();
    await invoker.invoke(request({ function: 'arn:aws:lambda:us-east-1:123456789012:function:greeting', qualifier: '3', logTail: true, type: InvocationType.EVENT }));
    expect(lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:greeting',
      Qualifier: '3',
      InvocationType: 'Event',
      LogType: 'None',
    });
  });

  it('keys statistics by the bare function name whatever the reference', async () => {
    lambdaMock.on(InvokeCommand).resolves(ok(1));
    const { invoker, stats } = setup();
    await invoker.invoke(request({ function: 'arn:aws:lambda:us-east-1:123456789012:function:greeting:live' }));
    await invoker.invoke(request({ function: '123456789012:function:greeting' }));
    await invoker.invoke(request({ function: 'greeting:7' }));
    expect(stats.get('greeting').invocations).toBe(3);
  });

  it('decodes the base64 log tail when asked for', async () => {
    const log = 'START RequestId: 1\nhello\nEND RequestId: 1\nREPORT RequestId: 1\tDuration: 2 ms\n';
    lambdaMock.on(InvokeCommand).resolves({ ...ok(null), LogResult: Buffer.from(log).toString('base64') });
    const { invoker } = setup();
    expect((await invoker.invoke(request({ logTail: true }))).logTail).toBe(log);
    expect(lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input.LogType).toBe('Tail');
    expect((await invoker.invoke(request({ logTail: false }))).logTail).toBeNull();
  });
});

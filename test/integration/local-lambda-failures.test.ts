import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { startLocalAws, type LocalAws } from '../../src/local';
import { createFunction, eventually, invoke, lambdaClient, payloadOf, pythonAvailable, rejection } from '../helpers/lambda';

const FUNCTIONS_DIR = path.resolve(__dirname, '../../functions');
const itPython = pythonAvailable() ? it : it.skip;

/** A handler that marks its start in a file, then waits `ms` (for concurrency checks without timing assertions). */
const SLOW = "const fs = require('fs'); exports.handler = async (e) => { fs.writeFileSync(e.marker, 'started'); await new Promise((r) => setTimeout(r, e.ms)); return 'done'; };";

describe('local Lambda: failures, limits and isolation', () => {
  let local: LocalAws;
  let client: LambdaClient;
  let scratch: string;

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1', functionsDir: FUNCTIONS_DIR, lambdaConcurrency: 2 });
    client = lambdaClient(local.endpoint, 1);
    scratch = mkdtempSync(path.join(tmpdir(), 'lambda-failures-'));
  });

  afterAll(async () => {
    client.destroy();
    await local.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('stops a run at its timeout with AWS\'s Sandbox.Timedout payload and log line', async () => {
    await createFunction(client, 'hang', { 'index.js': 'exports.handler = async () => { for (;;) {} };' }, { Timeout: 1 });
    const out = await client.send(new InvokeCommand({ FunctionName: 'hang', LogType: 'Tail' }));
    expect([out.StatusCode, out.FunctionError]).toEqual([200, 'Unhandled']);
    expect(payloadOf(out)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${out.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
    expect(Buffer.from(out.LogResult as string, 'base64').toString()).toMatch(new RegExp(`Z ${out.$metadata.requestId} Task timed out after 1\\.\\d\\d seconds\\n$`));
    expect(payloadOf(await invoke(client, 'flaky', {}))).toEqual({ ok: true, event: {} });
  });

  it('reports a process exit as Runtime.ExitError and keeps serving', async () => {
    const out = await invoke(client, 'flaky', { crash: true, exitCode: 3 });
    expect(out.FunctionError).toBe('Unhandled');
    expect(payloadOf(out)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${out.$metadata.requestId} Error: Runtime exited with error: exit status 3` });
    expect(payloadOf(await invoke(client, 'flaky', { n: 1 }))).toEqual({ ok: true, event: { n: 1 } });
    expect(JSON.parse(payloadOf(await invoke(client, 'greeting', { name: 'still here' })).body).message).toBe('Hello, still here!');
  });

  itPython('reports a Python sys.exit as Runtime.ExitError', async () => {
    await createFunction(client, 'py-exit', { 'lambda_function.py': 'import sys\ndef lambda_handler(event, context):\n    sys.exit(4)\n' }, { Runtime: 'python3.12', Handler: 'lambda_function.lambda_handler' });
    const out = await invoke(client, 'py-exit', {});
    expect(payloadOf(out).errorMessage).toBe(`RequestId: ${out.$metadata.requestId} Error: Runtime exited with error: exit status 4`);
  });

  it('reports an exception thrown outside the handler\'s promise, then starts afresh', async () => {
    await createFunction(client, 'stray', { 'index.js': "let runs = 0; exports.handler = (e, c, cb) => { runs++; if (e.stray) setTimeout(() => { throw new TypeError('stray'); }, 1); else cb(null, runs); };" });
    const out = await invoke(client, 'stray', { stray: true });
    expect(payloadOf(out)).toMatchObject({ errorType: 'TypeError', errorMessage: 'stray' });
    expect(payloadOf(await invoke(client, 'stray', {}))).toBe(1);
  });

  it('reports broken modules with AWS\'s runtime error types', async () => {
    await createFunction(client, 'syntax', { 'index.js': 'exports.handler = async () => {' });
    expect(payloadOf(await invoke(client, 'syntax', {}))).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
    await createFunction(client, 'unexported', { 'index.js': 'exports.other = async () => 1;' });
    expect(payloadOf(await invoke(client, 'unexported', {}))).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' });
    await createFunction(client, 'nomodule', { 'other.js': '' });
    expect(payloadOf(await invoke(client, 'nomodule', {}))).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
  });

  it('survives handlers that write junk to the runtime\'s channel or log megabytes', async () => {
    await createFunction(client, 'junk', { 'index.js': "const fs = require('fs'); exports.handler = async () => { fs.writeSync(3, 'not json\\n{\"type\":\"bogus\"}\\n'); return 'fine'; };" });
    expect(payloadOf(await invoke(client, 'junk', {}))).toBe('fine');
    await createFunction(client, 'loud', { 'index.js': "exports.handler = async () => { for (let i = 0; i < 2000; i++) console.log('x'.repeat(5000)); console.log('last line'); return 'said a lot'; };" });
    const out = await invoke(client, 'loud', {}, { LogType: 'Tail' });
    expect(payloadOf(out)).toBe('said a lot');
    const tail = Buffer.from(out.LogResult as string, 'base64').toString();
    expect(tail.length).toBeLessThanOrEqual(4096);
    expect(tail).toContain('\tINFO\tlast line\n');
    expect(tail).toContain(`REPORT RequestId: ${out.$metadata.requestId}`);
  });

  it('refuses payloads over 6 MB (1 MB for Event) with RequestEntityTooLargeException', async () => {
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(6_291_456) }));
    const err = await rejection(client.send(new InvokeCommand({ FunctionName: 'greeting', Payload: big })));
    expect([err.name, err.$metadata?.httpStatusCode, err.message]).toEqual(['RequestEntityTooLargeException', 413, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation']);
    const event = Buffer.from(JSON.stringify({ data: 'x'.repeat(1_048_576) }));
    const eventErr = await rejection(client.send(new InvokeCommand({ FunctionName: 'greeting', InvocationType: 'Event', Payload: event })));
    expect([eventErr.name, eventErr.$metadata?.httpStatusCode, eventErr.message]).toEqual(['RequestEntityTooLargeException', 413, `${event.length} byte payload is too large for the Event invocation type (limit 1048576 bytes)`]);
    // Just under the request limit is taken; greeting echoes it back, past the response limit.
    const justUnder = Buffer.from(JSON.stringify({ name: 'y'.repeat(6_291_456 - 20) }));
    const out = await client.send(new InvokeCommand({ FunctionName: 'greeting', Payload: justUnder }));
    expect(out.FunctionError).toBe('Unhandled');
    expect(payloadOf(out)).toEqual({ errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).', errorType: 'Function.ResponseSizeTooLarge' });
  });

  it('answers 429 past the function\'s concurrency and runs the admitted invocations to the end', async () => {
    await createFunction(client, 'slow', { 'index.js': SLOW }, { Timeout: 10 });
    const markers = [path.join(scratch, 'a'), path.join(scratch, 'b')];
    const running = markers.map((marker) => invoke(client, 'slow', { marker, ms: 1500 }));
    await eventually(() => (markers.every((m) => existsSync(m)) ? true : undefined));
    const err = await rejection(invoke(client, 'slow', { marker: path.join(scratch, 'c'), ms: 1 }));
    expect([err.name, err.$metadata?.httpStatusCode, err.Reason, err.message]).toEqual(['TooManyRequestsException', 429, 'ReservedFunctionConcurrentInvocationLimitExceeded', 'Rate Exceeded.']);
    expect((await Promise.all(running)).map((out) => payloadOf(out))).toEqual(['done', 'done']);
    expect(existsSync(path.join(scratch, 'c'))).toBe(false);
    expect(payloadOf(await invoke(client, 'slow', { marker: path.join(scratch, 'd'), ms: 1 }))).toBe('done');
  });

  it('queues Event invocations past the concurrency instead of refusing them', async () => {
    const markers = ['e1', 'e2', 'e3', 'e4'].map((m) => path.join(scratch, m));
    for (const marker of markers) {
      const out = await client.send(new InvokeCommand({ FunctionName: 'slow', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ marker, ms: 200 })) }));
      expect(out.StatusCode).toBe(202);
    }
    await eventually(() => (markers.every((m) => existsSync(m)) ? true : undefined));
  });
});

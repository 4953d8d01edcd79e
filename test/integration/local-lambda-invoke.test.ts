import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { startLocalAws, type LocalAws } from '../../src/local';
import { createFunction, eventually, invoke, lambdaClient, payloadOf, pythonAvailable, rejection } from '../helpers/lambda';

const FUNCTIONS_DIR = path.resolve(__dirname, '../../functions');
const hasPython = pythonAvailable();
const itPython = hasPython ? it : it.skip;

describe('local Lambda: invoking functions', () => {
  let local: LocalAws;
  let client: LambdaClient;
  let scratch: string;

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1', functionsDir: FUNCTIONS_DIR });
    client = lambdaClient(local.endpoint);
    scratch = mkdtempSync(path.join(tmpdir(), 'lambda-invoke-'));
  });

  afterAll(async () => {
    client.destroy();
    await local.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs the shipped greeting (Node, ESM) with the notebook handler\'s output', async () => {
    const counted = local.requestCounts.get('lambda:Invoke') ?? 0;
    const out = await invoke(client, 'greeting', { name: 'Ada' });
    expect([out.StatusCode, out.ExecutedVersion, out.FunctionError]).toEqual([200, '$LATEST', undefined]);
    const result = payloadOf(out);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ message: 'Hello, Ada!', input: { name: 'Ada' } });
    expect(JSON.parse(payloadOf(await invoke(client, 'greeting', {})).body).message).toBe('Hello, World!');
    expect(local.requestCounts.get('lambda:Invoke')).toBe(counted + 2);
  });

  itPython('runs the notebook\'s greeting verbatim on Python', async () => {
    const out = await invoke(client, 'greeting-python', { name: 'Ada' });
    const result = payloadOf(out);
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('{"message": "Hello, Ada!", "input": {"name": "Ada"}}');
  });

  it('gives a Node handler its environment variables and context', async () => {
    const out = await invoke(client, 'echo', { hello: 'there' });
    const result = payloadOf(out);
    expect(result.event).toEqual({ hello: 'there' });
    expect(result.context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      memoryLimitInMB: '128',
      awsRequestId: out.$metadata.requestId,
      logGroupName: '/aws/lambda/echo',
    });
    expect(result.context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(result.context.remainingTimeInMillis).toBeLessThanOrEqual(3000);
    expect(result.env).toEqual({ AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'echo', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128', GREETING: 'hello from function.json' });
  });

  itPython('gives a Python handler its environment variables and context', async () => {
    const source = [
      'import os',
      'def handler(event, context):',
      '    return {"name": context.function_name, "id": context.aws_request_id, "arn": context.invoked_function_arn,',
      '            "memory": context.memory_limit_in_mb, "remaining": context.get_remaining_time_in_millis(), "stage": os.environ["STAGE"]}',
    ].join('\n');
    await createFunction(client, 'py-context', { 'app.py': source }, { Runtime: 'python3.12', Handler: 'app.handler', MemorySize: 256, Timeout: 5, Environment: { Variables: { STAGE: 'qa' } } });
    const out = await invoke(client, 'py-context', {});
    const result = payloadOf(out);
    expect(result).toMatchObject({ name: 'py-context', id: out.$metadata.requestId, arn: 'arn:aws:lambda:us-east-1:000000000000:function:py-context', memory: '256', stage: 'qa' });
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.remaining).toBeLessThanOrEqual(5000);
  });

  it('runs callback-style CommonJS handlers', async () => {
    await createFunction(client, 'callback', { 'main.cjs': 'exports.run = (event, context, callback) => setTimeout(() => callback(null, { sum: event.a + event.b }), 5);' }, { Handler: 'main.run' });
    expect(payloadOf(await invoke(client, 'callback', { a: 2, b: 3 }))).toEqual({ sum: 5 });
  });

  it('answers 202 for Event and runs it in the background', async () => {
    await createFunction(client, 'writer', { 'index.js': "const fs = require('fs'); exports.handler = async (e) => { fs.writeFileSync(e.path, e.text); };" });
    const target = path.join(scratch, 'event.txt');
    const out = await client.send(new InvokeCommand({ FunctionName: 'writer', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ path: target, text: 'ran in the background' })) }));
    expect(out.StatusCode).toBe(202);
    expect(Buffer.from(out.Payload ?? new Uint8Array()).length).toBe(0);
    expect(await eventually(() => (existsSync(target) ? readFileSync(target, 'utf8') : undefined))).toBe('ran in the background');
  });

  it('answers 204 for DryRun without running the function', async () => {
    const target = path.join(scratch, 'dry.txt');
    const out = await client.send(new InvokeCommand({ FunctionName: 'writer', InvocationType: 'DryRun', Payload: Buffer.from(JSON.stringify({ path: target, text: 'x' })) }));
    expect(out.StatusCode).toBe(204);
    await invoke(client, 'greeting', {});
    expect(existsSync(target)).toBe(false);
  });

  it('reports a thrown Node error as Unhandled with errorType, errorMessage and trace', async () => {
    const out = await invoke(client, 'flaky', { fail: true, message: 'boom' });
    expect([out.StatusCode, out.FunctionError]).toEqual([200, 'Unhandled']);
    const error = payloadOf(out);
    expect(error).toMatchObject({ errorType: 'Error', errorMessage: 'boom' });
    expect(error.trace[0]).toBe('Error: boom');
    expect(error.trace.some((line: string) => line.includes('index.js'))).toBe(true);
  });

  itPython('reports a raised Python exception in AWS\'s Python error shape', async () => {
    const source = 'def handler(event, context):\n    raise ValueError("bad input: " + event["what"])\n';
    await createFunction(client, 'py-fail', { 'lambda_function.py': source }, { Runtime: 'python3.11', Handler: 'lambda_function.handler' });
    const out = await invoke(client, 'py-fail', { what: 'negative' });
    expect(out.FunctionError).toBe('Unhandled');
    const error = payloadOf(out);
    expect(error).toEqual({
      errorMessage: 'bad input: negative',
      errorType: 'ValueError',
      requestId: out.$metadata.requestId,
      stackTrace: [expect.stringMatching(/^ {2}File ".*lambda_function\.py", line 2, in handler\n {4}raise ValueError\("bad input: " \+ event\["what"\]\)\n$/)],
    });
  });

  itPython('logs Python print and logging output, and refuses a result JSON cannot hold', async () => {
    const source = [
      'import logging',
      'print("loading")',
      'logging.getLogger().setLevel(logging.INFO)',
      'def handler(event, context):',
      '    print("printed", event["n"])',
      '    logging.info("logged %s", event["n"])',
      '    return {1, 2} if event.get("set") else event["n"]',
    ].join('\n');
    await createFunction(client, 'py-log', { 'app.py': source }, { Runtime: 'python3.13', Handler: 'app.handler' });
    const out = await invoke(client, 'py-log', { n: 5 }, { LogType: 'Tail' });
    const id = out.$metadata.requestId as string;
    const log = Buffer.from(out.LogResult as string, 'base64').toString('utf8');
    expect(payloadOf(out)).toBe(5);
    expect(log).toMatch(new RegExp(`^loading\\nSTART RequestId: ${id} Version: \\$LATEST\\nprinted 5\\n\\[INFO\\]\\t[\\d-]+T[\\d:.]+Z\\t${id}\\tlogged 5\\nEND RequestId: ${id}\\n`));
    const bad = await invoke(client, 'py-log', { n: 1, set: true });
    expect(bad.FunctionError).toBe('Unhandled');
    expect(payloadOf(bad)).toMatchObject({ errorType: 'Runtime.MarshalError', errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable' });
  });

  it('returns the log tail with START, END and REPORT lines', async () => {
    await createFunction(client, 'chatty', { 'index.js': "exports.handler = async () => { console.log('hello', { n: 1 }); console.error('oops'); return 'ok'; };" });
    const out = await invoke(client, 'chatty', {}, { LogType: 'Tail' });
    const id = out.$metadata.requestId as string;
    const lines = Buffer.from(out.LogResult as string, 'base64').toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\thello { n: 1 }$`));
    expect(lines[2]).toMatch(new RegExp(`\\t${id}\\tERROR\\toops$`));
    expect(lines[3]).toBe(`END RequestId: ${id}`);
    expect(lines[4]).toMatch(new RegExp(`^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\t`));
    expect(payloadOf(out)).toBe('ok');
  });

  it('accepts the $LATEST qualifier and answers 404 for others and for unknown functions', async () => {
    expect((await invoke(client, 'greeting', {}, { Qualifier: '$LATEST' })).StatusCode).toBe(200);
    expect((await invoke(client, 'greeting:$LATEST', {})).StatusCode).toBe(200);
    const prod = await rejection(invoke(client, 'greeting', {}, { Qualifier: 'prod' }));
    expect([prod.name, prod.$metadata?.httpStatusCode, prod.message]).toEqual(['ResourceNotFoundException', 404, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:greeting:prod']);
    const missing = await rejection(invoke(client, 'nobody', {}));
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
  });

  it('invokes by ARN of its own region and answers 404 for an ARN of another region, as AWS', async () => {
    expect((await invoke(client, 'arn:aws:lambda:us-east-1:000000000000:function:greeting', {})).StatusCode).toBe(200);
    const elsewhere = await rejection(invoke(client, 'arn:aws:lambda:eu-west-1:000000000000:function:greeting', {}));
    expect([elsewhere.name, elsewhere.$metadata?.httpStatusCode, elsewhere.message]).toEqual([
      'ResourceNotFoundException',
      404,
      "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    ]);
  });

  it('refuses a payload that is not JSON with InvalidRequestContentException', async () => {
    const err = await rejection(client.send(new InvokeCommand({ FunctionName: 'greeting', Payload: Buffer.from('{"name": ') })));
    expect([err.name, err.$metadata?.httpStatusCode]).toEqual(['InvalidRequestContentException', 400]);
    expect(err.message).toMatch(/^Could not parse request body into json: Could not parse payload into json/);
  });
});

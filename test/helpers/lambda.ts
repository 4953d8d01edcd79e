import { spawnSync } from 'node:child_process';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, type CreateFunctionCommandInput, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { createMotoRole as createRole } from '../../bench/lib/moto';
import { zipFiles } from '../../src/local/lambda/code';

/** A Node handler source in a deployment zip. */
export function nodeZip(source: string, file = 'index.js'): Uint8Array {
  return zipSync({ [file]: strToU8(source) });
}

/** The smallest useful handler: answers with its event. */
export const ECHO_SOURCE = 'exports.handler = async (event) => ({ echoed: event });\n';

/** A role ARN in the shape CreateFunction requires (local backends don't check that it exists). */
export const TEST_ROLE = 'arn:aws:iam::123456789012:role/lambda-test';

/** Creates `count` Node functions named `${prefix}-00`, `${prefix}-01`, ... with a tiny zip. */
export async function createFunctions(lambda: LambdaClient, prefix: string, count: number, source = ECHO_SOURCE): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  const zip = nodeZip(source);
  for (const name of names) {
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: zip }, MemorySize: 256, Timeout: 7, Description: `test function ${name}` }));
  }
  return names;
}

/** Creates TEST_ROLE in moto's IAM: moto, like AWS, refuses CreateFunction with a role that does not exist. */
export async function createMotoRole(endpoint: string): Promise<void> {
  await createRole(endpoint, TEST_ROLE);
}

/** A Lambda client for a local endpoint with dummy credentials. */
export function lambdaClient(endpoint: string, maxAttempts = 3): LambdaClient {
  return new LambdaClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts });
}

/** Creates a function from source files (a zip is built from them). */
export async function createFunction(client: LambdaClient, name: string, files: Record<string, string>, input: Partial<CreateFunctionCommandInput> = {}) {
  return client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: TEST_ROLE,
      Code: { ZipFile: zipFiles(files) },
      ...input,
    }),
  );
}

/** Invokes synchronously with a JSON event. */
export function invoke(client: LambdaClient, name: string, event: unknown = {}, extra: { LogType?: 'Tail'; Qualifier?: string } = {}) {
  return client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), ...extra }));
}

/** The response payload as parsed JSON. */
export function payloadOf<T = any>(out: InvokeCommandOutput): T {
  return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8')) as T;
}

/** The error a promise rejects with (an SDK service exception), for asserting its name and status. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; Reason?: string; Type?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

/** Whether python3 runs here; suites print why they skip Python cases when it does not. */
export function pythonAvailable(): boolean {
  const ok = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!ok) console.warn('python3 is not installed: the Python runtime cases are skipped');
  return ok;
}

/** Polls until `check` returns a value (bounded), for effects of Event invocations. */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

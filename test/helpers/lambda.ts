import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';

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

/**
 * Creates TEST_ROLE in moto's IAM: moto, like AWS, refuses CreateFunction with a role that does
 * not exist. moto does not check signatures, so a credential scope naming iam routes the call.
 */
export async function createMotoRole(endpoint: string): Promise<void> {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const body = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: TEST_ROLE.split('/')[1] as string, AssumeRolePolicyDocument: trust });
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' },
    body,
  });
  if (!res.ok) throw new Error(`moto CreateRole answered ${res.status}: ${await res.text()}`);
}

import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256, unzip, zipFiles, zipFolder } from '../../src/local/lambda/code';
import { defaultsFor } from '../../src/local/lambda/deploy';
import { LambdaError } from '../../src/local/lambda/errors';
import { describe as describeRun, exitReason } from '../../src/local/lambda/invoker';
import { invocationLog, logTail, reportLine } from '../../src/local/lambda/logs';
import { awsTimestamp, type FunctionRecord } from '../../src/local/lambda/model';
import { addStatement, policyDocument, principalOf, removeStatement, statementFrom } from '../../src/local/lambda/policy';
import { matchRoute } from '../../src/local/lambda/routes';
import { Runtimes } from '../../src/local/lambda/runtimes';
import { checkEnvironment, parseBody, parseFunctionRef, readCreate, readSettings } from '../../src/local/lambda/validate';

/** The error a call throws, for asserting its AWS type and message. */
function thrown(fn: () => unknown): LambdaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LambdaError) return err;
    throw err;
  }
  throw new Error('expected a LambdaError');
}

const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';
const zip = zipFiles({ 'index.js': 'exports.handler = async () => 1;' }).toString('base64');

describe('local Lambda: request validation', () => {
  it('reads a CreateFunction body with its defaults left to the caller', () => {
    const req = readCreate({ FunctionName: 'fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip }, Timeout: 10, Environment: { Variables: { STAGE: 'dev' } } });
    expect(req.name).toBe('fn');
    expect(req.settings).toEqual({ runtime: 'nodejs20.x', handler: 'index.handler', role: ROLE, timeout: 10, environment: { STAGE: 'dev' } });
    expect(unzip(req.zip).get('index.js')).toBeDefined();
  });

  it('names the broken constraints in one ValidationException, as AWS does', () => {
    const err = thrown(() => readSettings({ Timeout: 901, MemorySize: 100 }));
    expect(err.type).toBe('ValidationException');
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      "2 validation errors detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900; " +
        "Value '100' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    );
    expect(thrown(() => readSettings({ MemorySize: 10241 })).message).toContain('Member must have value less than or equal to 10240');
    expect(thrown(() => readSettings({ Timeout: 0 })).message).toContain('greater than or equal to 1');
    expect(thrown(() => readSettings({ Description: 'x'.repeat(257) })).message).toContain("at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
    expect(thrown(() => readSettings({ Handler: 'has space.handler' })).message).toContain("at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+");
    expect(thrown(() => readSettings({ Runtime: 'cobol' })).message).toContain("Value 'cobol' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set:");
  });

  it('requires FunctionName, Role and Code, and Runtime and Handler for a zip', () => {
    expect(thrown(() => readCreate({ FunctionName: 'fn' })).message).toBe(
      "2 validation errors detected: Value null at 'role' failed to satisfy constraint: Member must not be null; Value null at 'code' failed to satisfy constraint: Member must not be null",
    );
    expect(thrown(() => readCreate({ FunctionName: 'fn', Role: 'admin', Code: { ZipFile: zip }, Runtime: 'nodejs20.x', Handler: 'index.handler' })).message).toContain("Value 'admin' at 'role' failed to satisfy constraint");
    const missing = thrown(() => readCreate({ FunctionName: 'fn', Role: ROLE, Code: { ZipFile: zip }, Runtime: 'nodejs20.x' }));
    expect([missing.type, missing.message]).toEqual(['InvalidParameterValueException', 'Runtime and Handler are mandatory parameters for functions created with deployment packages.']);
    expect(thrown(() => readCreate({ FunctionName: 'bad name!', Role: ROLE, Code: { ZipFile: zip }, Runtime: 'nodejs20.x', Handler: 'i.h' })).message).toContain("at 'functionName'");
    expect(thrown(() => readCreate({ FunctionName: 'fn', Role: ROLE, Code: { S3Bucket: 'b', S3Key: 'k' }, Runtime: 'nodejs20.x', Handler: 'i.h' })).type).toBe('InvalidParameterValueException');
  });

  it('refuses reserved and oversized environments with AWS wording', () => {
    const reserved = thrown(() => checkEnvironment({ AWS_REGION: 'x', STAGE: 'y' }));
    expect(reserved.type).toBe('InvalidParameterValueException');
    expect(reserved.message).toMatch(/contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION$/);
    expect(thrown(() => checkEnvironment({ BIG: 'x'.repeat(4100) })).message).toMatch(/exceeded the 4KB limit. String measured: \{"BIG":"x+"\}$/);
    expect(thrown(() => readSettings({ Environment: { Variables: { '1BAD': 'x' } } })).type).toBe('ValidationException');
    expect(thrown(() => readSettings({ Environment: { Variables: { A: 1 } } })).type).toBe('InvalidRequestContentException');
  });

  it('answers InvalidRequestContentException for bodies that are not JSON objects or have wrong types', () => {
    expect(thrown(() => parseBody(Buffer.from('{nope'))).type).toBe('InvalidRequestContentException');
    expect(thrown(() => parseBody(Buffer.from('[1]'))).type).toBe('InvalidRequestContentException');
    expect(thrown(() => readSettings({ Timeout: 'ten' })).message).toContain("Cannot deserialize value of type Integer at 'Timeout'");
    expect(parseBody(Buffer.alloc(0))).toEqual({});
  });

  it('parses every form of FunctionName', () => {
    expect(parseFunctionRef('greeting')).toEqual({ name: 'greeting' });
    expect(parseFunctionRef('greeting:$LATEST')).toEqual({ name: 'greeting', qualifier: '$LATEST' });
    expect(parseFunctionRef('123456789012:function:greeting')).toEqual({ name: 'greeting' });
    expect(parseFunctionRef('arn:aws:lambda:eu-west-1:123456789012:function:greeting:live')).toEqual({ name: 'greeting', qualifier: 'live', region: 'eu-west-1' });
    expect(parseFunctionRef('not a name')).toBeUndefined();
    expect(parseFunctionRef('x'.repeat(65))).toBeUndefined();
  });
});

describe('local Lambda: runtimes', () => {
  it('refuses deprecated and unsupported runtimes, and names a missing interpreter', () => {
    const runtimes = new Runtimes({ node: process.execPath, python: 'python3-that-is-not-installed' });
    expect(runtimes.languageOf('nodejs22.x')).toBe('node');
    expect(thrown(() => runtimes.languageOf('nodejs16.x')).message).toBe(
      'The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (nodejs22.x) while creating or updating functions.',
    );
    expect(thrown(() => runtimes.languageOf('java21')).message).toContain('not supported by the local Lambda');
    const missing = thrown(() => runtimes.languageOf('python3.12'));
    expect(missing.type).toBe('InvalidParameterValueException');
    expect(missing.message).toContain('python3.12 needs python3-that-is-not-installed');
  });
});

describe('local Lambda: resource policies', () => {
  const resource = 'arn:aws:lambda:us-east-1:000000000000:function:fn';

  it('builds statements as AWS writes them', () => {
    expect(principalOf('sns.amazonaws.com')).toEqual({ Service: 'sns.amazonaws.com' });
    expect(principalOf('123456789012')).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(principalOf('*')).toBe('*');
    const statement = statementFrom({ StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: 'arn:aws:sns:us-east-1:000000000000:events', SourceAccount: '000000000000' }, resource);
    expect(statement).toEqual({
      Sid: 'sns',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: resource,
      Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:000000000000:events' } },
    });
    expect(JSON.parse(policyDocument([statement]))).toEqual({ Version: '2012-10-17', Id: 'default', Statement: [statement] });
  });

  it('refuses bad statements, duplicate ids, unknown ids and oversized policies', () => {
    expect(thrown(() => statementFrom({ StatementId: 'a b', Action: 'invoke', Principal: 'sns.amazonaws.com' }, resource)).message).toMatch(/^2 validation errors detected: Value 'a b' at 'statementId'.*Value 'invoke' at 'action'/);
    const one = statementFrom({ StatementId: 's1', Action: 'lambda:InvokeFunction', Principal: '*' }, resource);
    expect(thrown(() => addStatement([one], one)).type).toBe('ResourceConflictException');
    expect(thrown(() => removeStatement([one], 'other')).message).toBe('Statement other is not found in resource policy.');
    const many = Array.from({ length: 200 }, (_, i) => ({ ...one, Sid: `s${i}` }));
    expect(thrown(() => addStatement(many, { ...one, Sid: 'last' })).type).toBe('PolicyLengthExceededException');
  });
});

describe('local Lambda: logs and outcomes', () => {
  const fn = { name: 'fn', memorySize: 256, timeout: 3 } as FunctionRecord;

  it('writes START, END and REPORT lines in AWS format and tails the last 4 KB', () => {
    expect(reportLine({ requestId: 'r1', durationMs: 12.345, memorySize: 128, maxMemoryMb: 40, initMs: 50.5 })).toBe(
      'REPORT RequestId: r1\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 50.50 ms\t\n',
    );
    const log = invocationLog({ requestId: 'r1', durationMs: 1, memorySize: 128 }, 'hello');
    expect(log.split('\n').slice(0, 3)).toEqual(['START RequestId: r1 Version: $LATEST', 'hello', 'END RequestId: r1']);
    const long = `${'é'.repeat(3000)}END`;
    const tail = Buffer.from(logTail(long), 'base64');
    expect(tail.length).toBeLessThanOrEqual(4096);
    expect(tail.toString('utf8').endsWith('éEND')).toBe(true);
    expect(tail.toString('utf8')).not.toContain('\uFFFD');
  });

  it('reports timeouts, exits and oversized responses with AWS payloads', () => {
    const timeout = describeRun(fn, 'r1', { outcome: { kind: 'timeout' }, log: '', durationMs: 3004 });
    expect(JSON.parse(timeout.payload)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: r1 Error: Task timed out after 3.00 seconds' });
    expect(timeout.functionError).toBe('Unhandled');
    expect(timeout.log).toMatch(/Z r1 Task timed out after 3\.00 seconds\n$/);
    const exit = describeRun(fn, 'r2', { outcome: { kind: 'exit', code: 2, signal: null }, log: '', durationMs: 5 });
    expect(JSON.parse(exit.payload)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: 'RequestId: r2 Error: Runtime exited with error: exit status 2' });
    const big = describeRun(fn, 'r3', { outcome: { kind: 'result', payload: `"${'x'.repeat(6_291_556)}"` }, log: '', durationMs: 5 });
    expect(JSON.parse(big.payload).errorType).toBe('Function.ResponseSizeTooLarge');
    expect(exitReason(null, 'SIGKILL')).toBe('Runtime exited with error: signal: killed');
    expect(exitReason(0, null)).toBe('Runtime exited without providing a reason');
  });

  it('formats LastModified as AWS does', () => {
    expect(awsTimestamp('2024-01-15T10:30:00.000Z')).toBe('2024-01-15T10:30:00.000+0000');
  });
});

describe('local Lambda: routes and packages', () => {
  it('routes the REST paths of the operations', () => {
    expect(matchRoute('POST', '/2015-03-31/functions')).toEqual({ op: 'CreateFunction', target: undefined, statementId: undefined });
    expect(matchRoute('GET', '/2015-03-31/functions/')?.op).toBe('ListFunctions');
    expect(matchRoute('POST', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Afn/invocations')).toEqual({
      op: 'Invoke',
      target: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
      statementId: undefined,
    });
    expect(matchRoute('DELETE', '/2015-03-31/functions/fn/policy/sns')).toEqual({ op: 'RemovePermission', target: 'fn', statementId: 'sns' });
    expect(matchRoute('GET', '/2015-03-31/functions/fn/versions')).toBeUndefined();
  });

  it('zips folders deterministically and refuses archives that escape their folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zip-test-'));
    try {
      mkdirSync(path.join(dir, 'lib'));
      writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;');
      writeFileSync(path.join(dir, 'lib', 'util.js'), 'module.exports = 2;');
      writeFileSync(path.join(dir, 'function.json'), '{}');
      const first = zipFolder(dir);
      expect(sha256(zipFolder(dir))).toBe(sha256(first));
      expect([...unzip(first).keys()].sort()).toEqual(['index.js', 'lib/util.js']);
      expect(defaultsFor(dir, {})).toEqual({ runtime: 'nodejs20.x', handler: 'index.handler' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(thrown(() => unzip(zipFiles({ '../evil.js': 'x' }))).message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.');
    expect(thrown(() => unzip(Buffer.from('not a zip'))).type).toBe('InvalidParameterValueException');
  });
});

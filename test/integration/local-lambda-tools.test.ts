import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AddPermissionCommand, GetFunctionConfigurationCommand, GetPolicyCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLocalAws, type LocalAws } from '../../src/local';
import { awsCli, botoInstalled, cliInstalled, python } from '../helpers/aws-tools';
import { createFunction, invoke, lambdaClient, payloadOf, pythonAvailable } from '../helpers/lambda';

const FUNCTIONS_DIR = path.resolve(__dirname, '../../functions');
const itCli = cliInstalled() ? it : it.skip;
const itBoto = pythonAvailable() && botoInstalled() ? it : it.skip;

describe('local Lambda with the AWS CLI and boto3', () => {
  let local: LocalAws;
  let scratch: string;

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1', functionsDir: FUNCTIONS_DIR });
    scratch = mkdtempSync(path.join(tmpdir(), 'lambda-tools-'));
  });

  afterAll(async () => {
    await local.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  itCli('lists functions and invokes greeting with aws-cli (payload as text)', async () => {
    const list = await awsCli(local.endpoint, ['lambda', 'list-functions', '--query', 'Functions[].FunctionName', '--output', 'json']);
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining(['echo', 'flaky', 'greeting']));
    const out = path.join(scratch, 'out.json');
    const call = await awsCli(local.endpoint, ['lambda', 'invoke', '--function-name', 'greeting', '--payload', '{"name":"Ada"}', out]);
    expect(JSON.parse(call.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(JSON.parse(readFileSync(out, 'utf8')).body)).toEqual({ message: 'Hello, Ada!', input: { name: 'Ada' } });
  });

  itBoto('invokes greeting with boto3', async () => {
    const script = [
      'import boto3, json, sys',
      'c = boto3.client("lambda", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")',
      'r = c.invoke(FunctionName="greeting", Payload=json.dumps({"name": "Grace"}))',
      'print(json.dumps({"status": r["StatusCode"], "version": r["ExecutedVersion"], "payload": json.loads(r["Payload"].read())}))',
    ].join('\n');
    const result = JSON.parse(await python(script, local.endpoint));
    expect([result.status, result.version, result.payload.statusCode]).toEqual([200, '$LATEST', 200]);
    expect(JSON.parse(result.payload.body).message).toBe('Hello, Grace!');
  });
});

describe('local Lambda persistence and folder deploys', () => {
  let dataDir: string;
  let functionsDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'lambda-data-'));
    functionsDir = mkdtempSync(path.join(tmpdir(), 'lambda-functions-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(functionsDir, { recursive: true, force: true });
  });

  async function withLocal<T>(use: (local: LocalAws, client: ReturnType<typeof lambdaClient>) => Promise<T>): Promise<T> {
    const local = await startLocalAws({ port: 0, region: 'us-east-1', dataDir, functionsDir });
    const client = lambdaClient(local.endpoint, 1);
    try {
      return await use(local, client);
    } finally {
      client.destroy();
      await local.close();
    }
  }

  it('keeps functions created through the API, with their code and policy, across a restart', async () => {
    const before = await withLocal(async (_local, client) => {
      const created = await createFunction(client, 'kept', { 'index.js': 'exports.handler = async (e) => ({ kept: e.v });' }, { Environment: { Variables: { MODE: 'on-disk' } } });
      await client.send(new AddPermissionCommand({ FunctionName: 'kept', StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com' }));
      return created;
    });
    await withLocal(async (_local, client) => {
      const conf = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
      expect([conf.CodeSha256, conf.LastModified, conf.Environment?.Variables]).toEqual([before.CodeSha256, before.LastModified, { MODE: 'on-disk' }]);
      expect(JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: 'kept' }))).Policy as string).Statement[0].Sid).toBe('sns');
      expect(payloadOf(await invoke(client, 'kept', { v: 7 }))).toEqual({ kept: 7 });
    });
  });

  it('deploys every folder at start and redeploys one whose code changed', async () => {
    cpSync(path.join(FUNCTIONS_DIR, 'echo'), path.join(functionsDir, 'echo'), { recursive: true });
    writeFileSync(path.join(functionsDir, 'README.md'), 'not a function');
    const first = await withLocal(async (_local, client) => {
      const { Functions } = await client.send(new ListFunctionsCommand({}));
      expect(Functions?.map((f) => f.FunctionName)).toEqual(['echo']);
      expect(Functions?.[0]).toMatchObject({ Runtime: 'nodejs20.x', Handler: 'index.handler', Timeout: 3, Environment: { Variables: { GREETING: 'hello from function.json' } } });
      return Functions?.[0];
    });
    const unchanged = await withLocal((_local, client) => client.send(new GetFunctionConfigurationCommand({ FunctionName: 'echo' })));
    expect([unchanged.CodeSha256, unchanged.LastModified]).toEqual([first?.CodeSha256, first?.LastModified]);
    writeFileSync(path.join(functionsDir, 'echo', 'index.js'), 'exports.handler = async () => "changed";');
    await withLocal(async (_local, client) => {
      const conf = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'echo' }));
      expect(conf.CodeSha256).not.toBe(first?.CodeSha256);
      expect(payloadOf(await invoke(client, 'echo', {}))).toBe('changed');
    });
  });
});

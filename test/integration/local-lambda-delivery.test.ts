import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LambdaService } from '../../src/local/lambda';
import { zipFiles } from '../../src/local/lambda/code';
import { LambdaError } from '../../src/local/lambda/errors';
import type { LocalContext } from '../../src/local/service';

/** The in-process LambdaDelivery that local SNS uses: an Event invocation by function ARN. */
describe('local Lambda as the LambdaDelivery of local SNS', () => {
  let lambda: LambdaService;
  let scratch: string;

  beforeAll(() => {
    const ctx: LocalContext = { region: 'us-east-1', accountId: '000000000000', endpoint: () => 'http://127.0.0.1:1', peers: {}, lambdaConcurrency: 2 };
    lambda = new LambdaService(ctx);
    ctx.peers.lambda = lambda;
    scratch = mkdtempSync(path.join(tmpdir(), 'lambda-delivery-'));
    const writer = "const fs = require('fs'); exports.handler = async (e) => { fs.appendFileSync(e.Records[0].Sns.Message, e.Records[0].Sns.Subject + '\\n'); };";
    lambda.functions.create({ FunctionName: 'subscriber', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zipFiles({ 'index.js': writer }).toString('base64') } });
  });

  afterAll(async () => {
    await lambda.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const snsEvent = (file: string, subject: string) => JSON.stringify({ Records: [{ EventSource: 'aws:sns', Sns: { Message: file, Subject: subject } }] });

  it('runs the function for each delivered event, past its concurrency (queued, not refused)', async () => {
    const file = path.join(scratch, 'delivered.txt');
    for (const subject of ['one', 'two', 'three', 'four', 'five']) {
      lambda.invokeAsync('arn:aws:lambda:us-east-1:000000000000:function:subscriber', snsEvent(file, subject));
    }
    await lambda.invoker.whenIdle();
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').trim().split('\n').sort()).toEqual(['five', 'four', 'one', 'three', 'two']);
  });

  it('throws ResourceNotFoundException for a function that does not exist, so SNS counts a failed delivery', () => {
    let error: unknown;
    try {
      lambda.invokeAsync('arn:aws:lambda:us-east-1:000000000000:function:gone', '{}');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LambdaError);
    expect((error as LambdaError).type).toBe('ResourceNotFoundException');
  });
});

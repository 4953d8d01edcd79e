import { execFile } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startLocalAws, type LocalAws } from '../../src/local';

const run = promisify(execFile);
const hasCli = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).status === 0;
if (!hasCli) console.warn('the aws CLI is not installed: the CLI check of local transactions is skipped');
const maybe = hasCli ? describe : describe.skip;

/** The AWS CLI (botocore) against the local AWS: the wire shapes of the transactions as a real client parses them. */
maybe('local transactions through the AWS CLI', () => {
  let local: LocalAws;
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  const aws = (...args: string[]) => run('aws', ['--endpoint-url', local.endpoint, '--output', 'json', 'dynamodb', ...args], { env }).catch((err: { stdout: string; stderr: string; code: number }) => err);

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
    await aws('create-table', '--table-name', 'cli-tx', '--billing-mode', 'PAY_PER_REQUEST', '--attribute-definitions', 'AttributeName=pk,AttributeType=S', '--key-schema', 'AttributeName=pk,KeyType=HASH');
  });
  afterAll(() => local.close());

  it('commits a transaction, cancels a failing one with its reasons, and reads items back', async () => {
    const put = (pk: string, condition?: string) => ({ Put: { TableName: 'cli-tx', Item: { pk: { S: pk } }, ...(condition ? { ConditionExpression: condition } : {}) } });
    const ok = await aws('transact-write-items', '--transact-items', JSON.stringify([put('a'), put('b')]));
    expect(ok.stderr).toBe('');
    const refused = await aws('transact-write-items', '--transact-items', JSON.stringify([put('c'), put('a', 'attribute_not_exists(pk)')]));
    expect(refused.stderr.trim()).toBe(
      'An error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    );
    const read = await aws('transact-get-items', '--transact-items', JSON.stringify(['a', 'c'].map((pk) => ({ Get: { TableName: 'cli-tx', Key: { pk: { S: pk } } } }))));
    expect(JSON.parse(read.stdout)).toEqual({ Responses: [{ Item: { pk: { S: 'a' } } }, {}] });
  });
});

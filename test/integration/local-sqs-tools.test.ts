import { startLocalAws, type LocalAws } from '../../src/local';
import { awsCliFailure, awsJson, botoInstalled, cliInstalled, python } from '../helpers/aws-tools';

const itCli = cliInstalled() ? it : it.skip;
const itBoto = botoInstalled() ? it : it.skip;

describe('local SQS with the AWS CLI and boto3', () => {
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
  });
  afterAll(() => local.close());

  const aws = (...args: string[]) => awsJson(local.endpoint, 'sqs', ...args);

  itCli('creates a queue, sends, receives and deletes with aws-cli', async () => {
    const { QueueUrl } = await aws('create-queue', '--queue-name', 'cli-jobs', '--attributes', 'VisibilityTimeout=45');
    expect(QueueUrl).toBe(`${local.endpoint}/000000000000/cli-jobs`);
    const sent = await aws('send-message', '--queue-url', QueueUrl, '--message-body', 'hello from the CLI', '--message-attributes', '{"kind":{"DataType":"String","StringValue":"demo"}}');
    expect(sent.MD5OfMessageBody).toBe('59da6b08ceb7b6dcb24f80ac24fb822e');
    const received = await aws('receive-message', '--queue-url', QueueUrl, '--message-attribute-names', 'All', '--attribute-names', 'ApproximateReceiveCount');
    expect(received.Messages).toHaveLength(1);
    expect(received.Messages[0]).toMatchObject({ Body: 'hello from the CLI', MessageId: sent.MessageId, Attributes: { ApproximateReceiveCount: '1' }, MessageAttributes: { kind: { DataType: 'String', StringValue: 'demo' } } });
    await aws('delete-message', '--queue-url', QueueUrl, '--receipt-handle', received.Messages[0].ReceiptHandle);
    const attrs = await aws('get-queue-attributes', '--queue-url', QueueUrl, '--attribute-names', 'All');
    expect(attrs.Attributes).toMatchObject({ VisibilityTimeout: '45', ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  itCli('exits non-zero with the AWS error code for a missing queue', async () => {
    const failed = await awsCliFailure(local.endpoint, ['sqs', 'get-queue-url', '--queue-name', 'missing']);
    expect(failed?.code).toBe(255);
    expect(failed?.stderr).toContain('An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: The specified queue does not exist.');
  });

  itBoto('round-trips messages with boto3, which checks every MD5', async () => {
    const script = [
      'import boto3, json, sys',
      's = boto3.client("sqs", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")',
      'u = s.create_queue(QueueName="boto.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]',
      'a = {"bin": {"DataType": "Binary", "BinaryValue": b"\\x00\\xff"}, "n": {"DataType": "Number.int", "StringValue": "7"}, "s": {"DataType": "String", "StringValue": "é"}}',
      's.send_message(QueueUrl=u, MessageBody="first ✓", MessageGroupId="g", MessageAttributes=a)',
      'b = s.send_message_batch(QueueUrl=u, Entries=[{"Id": "x", "MessageBody": "second", "MessageGroupId": "g"}, {"Id": "y", "MessageBody": "third", "MessageGroupId": "g"}])',
      'r = s.receive_message(QueueUrl=u, MaxNumberOfMessages=10, MessageAttributeNames=["All"], MessageSystemAttributeNames=["SequenceNumber"])["Messages"]',
      's.delete_message_batch(QueueUrl=u, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(r)])',
      'print(json.dumps({"bodies": [m["Body"] for m in r], "bin": r[0]["MessageAttributes"]["bin"]["BinaryValue"].hex(), "seq": [len(m["Attributes"]["SequenceNumber"]) for m in r], "ok": [e["Id"] for e in b["Successful"]], "left": s.get_queue_attributes(QueueUrl=u, AttributeNames=["All"])["Attributes"]["ApproximateNumberOfMessages"]}))',
    ].join('\n');
    expect(JSON.parse(await python(script, local.endpoint))).toEqual({ bodies: ['first ✓', 'second', 'third'], bin: '00ff', seq: [20, 20, 20], ok: ['x', 'y'], left: '0' });
  });
});

import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { describeSqs, failure } from '../helpers/sqs';

describeSqs('SQS queues', (target, awsOnly) => {
  const create = async (name: string, Attributes?: Record<string, string>, tags?: Record<string, string>) =>
    (await target().sqs.send(new CreateQueueCommand({ QueueName: name, Attributes, tags }))).QueueUrl as string;
  const attributes = async (QueueUrl: string, names: string[] = ['All']) =>
    (await target().sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names as never }))).Attributes ?? {};

  it('creates a queue whose URL ends in /account/name and finds it again by name', async () => {
    const name = target().unique('basic');
    const url = await create(name);
    expect(url).toMatch(new RegExp(`/\\d{12}/${name}$`));
    expect((await target().sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl).toBe(url);
    const attrs = await attributes(url);
    expect(attrs.QueueArn).toMatch(new RegExp(`^arn:aws:sqs:us-east-1:\\d{12}:${name}$`));
    expect(attrs).toMatchObject({ VisibilityTimeout: '30', DelaySeconds: '0', MessageRetentionPeriod: '345600', ReceiveMessageWaitTimeSeconds: '0', ApproximateNumberOfMessages: '0' });
    expect(Number(attrs.CreatedTimestamp)).toBeGreaterThan(1_600_000_000);
    expect(attrs.FifoQueue).toBeUndefined();
  });

  it('defaults MaximumMessageSize to 1 MiB (the current SQS limit)', async () => {
    const url = await create(target().unique('size'));
    expect((await attributes(url, ['MaximumMessageSize'])).MaximumMessageSize).toBe('1048576');
  });

  it('is idempotent for the same attributes and refuses different ones with QueueAlreadyExists', async () => {
    const name = target().unique('idem');
    const url = await create(name, { VisibilityTimeout: '45' });
    expect(await create(name, { VisibilityTimeout: '45' })).toBe(url);
    expect(await create(name)).toBe(url);
    const err = await failure(create(name, { VisibilityTimeout: '46' }));
    expect(err.name).toBe('QueueNameExists');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('sets and reads attributes by name', async () => {
    const url = await create(target().unique('attrs'));
    await target().sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '69', DelaySeconds: '5', MaximumMessageSize: '2048' } }));
    expect(await attributes(url, ['VisibilityTimeout', 'DelaySeconds', 'MaximumMessageSize'])).toEqual({ VisibilityTimeout: '69', DelaySeconds: '5', MaximumMessageSize: '2048' });
  });

  awsOnly('moto accepts out-of-range attribute values')('refuses attribute values outside the documented ranges', async () => {
    const url = await create(target().unique('ranges'));
    for (const [name, value] of [['VisibilityTimeout', '43201'], ['MessageRetentionPeriod', '59'], ['DelaySeconds', '901'], ['ReceiveMessageWaitTimeSeconds', '21'], ['MaximumMessageSize', '1023'], ['VisibilityTimeout', 'ten']] as const) {
      const err = await failure(target().sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { [name]: value } })));
      expect([name, err.name, err.message]).toEqual([name, 'InvalidAttributeValue', `Invalid value for the parameter ${name}.`]);
    }
    expect((await attributes(url, ['VisibilityTimeout'])).VisibilityTimeout).toBe('30');
  });

  awsOnly('moto answers InvalidParameterValue')('refuses FIFO-only attributes on a standard queue with InvalidAttributeName', async () => {
    const name = target().unique('std');
    const err = await failure(create(name, { FifoQueue: 'false' }));
    expect([err.name, err.message]).toEqual(['InvalidAttributeName', 'Unknown Attribute FifoQueue.']);
    const scope = await failure(create(name, { DeduplicationScope: 'queue' }));
    expect(scope.message).toBe('You can specify the DeduplicationScope only when FifoQueue is set to true.');
  });

  it('refuses invalid queue names', async () => {
    for (const name of ['has space', 'x'.repeat(81), 'dot.name', 'slash/name']) {
      const err = await failure(create(name));
      expect([name, err.Code]).toEqual([name, 'InvalidParameterValue']);
    }
    expect(await create(`${'x'.repeat(76)}${target().name.padEnd(4, '0').slice(0, 4)}`)).toMatch(/\/x{76}/);
  });

  // CreateQueue reference: a FIFO queue name must end with .fifo, and only FIFO queues may.
  awsOnly('moto creates a standard queue named .fifo')('refuses a .fifo name without FifoQueue=true, and FifoQueue=true without .fifo', async () => {
    expect((await failure(create(target().unique('notfifo', true)))).Code).toBe('InvalidParameterValue');
    expect((await failure(create(target().unique('nosuffix'), { FifoQueue: 'true' }))).Code).toBe('InvalidParameterValue');
  });

  awsOnly('moto ignores MaxResults')('lists queues by prefix and pages through them with MaxResults and NextToken', async () => {
    const prefix = target().unique('list');
    const urls = await Promise.all([1, 2, 3, 4, 5].map((i) => create(`${prefix}-${i}`)));
    const all = await target().sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    expect([...(all.QueueUrls ?? [])].sort()).toEqual([...urls].sort());
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await target().sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken }));
      expect((page.QueueUrls ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(page.QueueUrls ?? []));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(seen.sort()).toEqual([...urls].sort());
    expect(pages).toBe(3);
    expect((await target().sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${prefix}-none` }))).QueueUrls ?? []).toEqual([]);
  });

  it('deletes a queue: it is gone for every call, with QueueDoesNotExist', async () => {
    const name = target().unique('gone');
    const url = await create(name);
    await target().sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const byName = await failure(target().sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    expect([byName.name, byName.Code, byName.message]).toEqual(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.']);
    const byUrl = await failure(target().sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })));
    expect(byUrl.name).toBe('QueueDoesNotExist');
  });

  // DeleteQueue reference: "you must wait at least 60 seconds before creating a queue with the same name".
  awsOnly('moto allows re-creating a deleted name at once')('keeps a deleted name for 60 seconds (QueueDeletedRecently)', async () => {
    const name = target().unique('recent');
    await target().sqs.send(new DeleteQueueCommand({ QueueUrl: await create(name) }));
    const err = await failure(create(name));
    expect([err.name, err.Code]).toEqual(['QueueDeletedRecently', 'AWS.SimpleQueueService.QueueDeletedRecently']);
  });

  it('tags queues at creation and later; untagging and listing see the changes', async () => {
    const url = await create(target().unique('tags'), undefined, { team: 'a', env: 'dev' });
    await target().sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: 'prod', owner: 'me' } }));
    await target().sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['team', 'missing'] }));
    expect((await target().sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ env: 'prod', owner: 'me' });
  });

  it('purges every message', async () => {
    const url = await create(target().unique('purge'));
    for (const body of ['a', 'b', 'c']) await target().sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    expect((await attributes(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages).toBe('3');
    await target().sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await attributes(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages).toBe('0');
  });

  // PurgeQueue reference: one purge per queue every 60 seconds, PurgeQueueInProgress otherwise (HTTP 403).
  awsOnly('moto purges again at once')('refuses a second purge within 60 seconds', async () => {
    const url = await create(target().unique('purge2'));
    await target().sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    const err = await failure(target().sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    expect([err.name, err.Code, err.$metadata.httpStatusCode]).toEqual(['PurgeQueueInProgress', 'AWS.SimpleQueueService.PurgeQueueInProgress', 403]);
  });

  it('answers InvalidAttributeName for an unknown attribute name', async () => {
    const url = await create(target().unique('unknown'));
    const err = await failure(attributes(url, ['Nonsense']));
    expect(err.name).toBe('InvalidAttributeName');
  });

  it('keeps a RedrivePolicy and lists the dead-letter source queues', async () => {
    const dlq = await create(target().unique('dlq'));
    const dlqArn = (await attributes(dlq, ['QueueArn'])).QueueArn as string;
    const source = await create(target().unique('src'), { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '3' }) });
    expect(JSON.parse((await attributes(source, ['RedrivePolicy'])).RedrivePolicy as string)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
    expect((await target().sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls).toEqual([source]);
  });

  awsOnly('moto accepts any maxReceiveCount')('refuses a RedrivePolicy with maxReceiveCount outside 1-1000', async () => {
    const dlq = await create(target().unique('dlq2'));
    const dlqArn = (await attributes(dlq, ['QueueArn'])).QueueArn as string;
    const err = await failure(create(target().unique('src2'), { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1001 }) }));
    expect(err.Code).toBe('InvalidParameterValue');
  });
});

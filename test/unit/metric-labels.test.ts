import { awsOperationLabel, countStream, errorName, LabelCap, memoize, OTHER, responseOutcome, serviceLabel } from '../../src/lib/metric-labels';

describe('LabelCap', () => {
  it('keeps the first distinct values, then labels new ones other while known ones keep theirs', () => {
    const cap = new LabelCap(2);
    expect(['a', 'b', 'a', 'c', 'd', 'b'].map((v) => cap.label(v))).toEqual(['a', 'b', 'a', OTHER, OTHER, 'b']);
  });

  it('labels a value longer than the limit other without taking a place', () => {
    const cap = new LabelCap(1, 5);
    expect(cap.label('toolong')).toBe(OTHER);
    expect(cap.label('short')).toBe('short');
  });
});

describe('AWS labels', () => {
  it('names the service from the client and the operation from the command', () => {
    expect(['DynamoDBClient', 'SQSClient', 'SNSClient', 'LambdaClient', undefined].map(serviceLabel)).toEqual(['dynamodb', 'sqs', 'sns', 'lambda', 'unknown']);
    expect(['GetItemCommand', 'ReceiveMessageCommand', undefined].map(awsOperationLabel)).toEqual(['GetItem', 'ReceiveMessage', 'unknown']);
  });

  it('memoizes a label per input', () => {
    const calls: Array<string | undefined> = [];
    const label = memoize((v) => (calls.push(v), String(v).toUpperCase()));
    expect([label('a'), label('a'), label(undefined), label(undefined)]).toEqual(['A', 'A', 'UNDEFINED', 'UNDEFINED']);
    expect(calls).toEqual(['a', undefined]);
  });

  it('names an error by its name, Error when it has none', () => {
    const err = Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' });
    expect([errorName(err), errorName(new TypeError('t')), errorName('text'), errorName(null), errorName({ name: '' })]).toEqual(['ConditionalCheckFailedException', 'TypeError', 'Error', 'Error', 'Error']);
  });
});

describe('responseOutcome', () => {
  it('is ok without errors, else the first error code', () => {
    expect(responseOutcome(undefined)).toBe('ok');
    expect(responseOutcome([])).toBe('ok');
    expect(responseOutcome([{ extensions: { code: 'NOT_FOUND' } }, { extensions: { code: 'CONFLICT' } }])).toBe('NOT_FOUND');
    expect(responseOutcome([{}])).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('countStream', () => {
  function gauge() {
    const g = { value: 0, inc: () => void g.value++, dec: () => void g.value-- };
    return g;
  }
  async function* numbers(n: number): AsyncGenerator<number, void, void> {
    for (let i = 0; i < n; i++) yield i;
  }

  it('counts a stream from its start until it ends, once', async () => {
    const live = gauge();
    const stream = countStream(numbers(2), live);
    expect(live.value).toBe(1);
    const seen: number[] = [];
    for await (const n of stream) seen.push(n);
    expect(seen).toEqual([0, 1]);
    expect(live.value).toBe(0);
    await stream.return();
    expect(live.value).toBe(0);
  });

  it('stops counting when stopped while a next() is still pending, and stops the source', async () => {
    const live = gauge();
    let stopped = false;
    const never: AsyncGenerator<number, void, void> = {
      next: () => new Promise(() => undefined),
      return: async () => ((stopped = true), { done: true, value: undefined }),
      throw: async (err) => Promise.reject(err),
      [Symbol.asyncIterator]() {
        return never;
      },
    };
    const stream = countStream(never, live);
    void stream.next();
    await stream.return();
    expect([live.value, stopped]).toEqual([0, true]);
  });

  it('stops counting when the source fails', async () => {
    const live = gauge();
    async function* failing(): AsyncGenerator<number, void, void> {
      yield 1;
      throw new Error('gone');
    }
    const stream = countStream(failing(), live);
    await stream.next();
    await expect(stream.next()).rejects.toThrow('gone');
    expect(live.value).toBe(0);
  });
});

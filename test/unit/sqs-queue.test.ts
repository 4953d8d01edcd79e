import { randomUUID } from 'node:crypto';
import type { Draft, Queue } from '../../src/local/sqs/queue';
import { SqsStore } from '../../src/local/sqs/store';

/** Queues on a store driven by jest's fake clock: every deadline is one scheduler timer. */
describe('local SQS queue timing (fake timers)', () => {
  let store: SqsStore;
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z'), doNotFake: ['queueMicrotask', 'nextTick'] });
    store = new SqsStore('us-east-1', '000000000000', () => Date.now(), () => undefined);
  });
  afterEach(() => {
    store.close();
    jest.useRealTimers();
  });

  const draft = (body: string, extra: Partial<Draft> = {}): Draft => ({ id: randomUUID(), body, md5: 'md5', senderId: '000000000000', ...extra });
  const counts = (q: Queue) => [q.visible.size, q.inflight, q.delayed];

  it('returns a message to the queue exactly when its visibility timeout ends', () => {
    const q = store.create('vis', { VisibilityTimeout: '30' }, {});
    q.send(draft('a'), undefined);
    const [m] = q.receive(1, 30);
    expect(counts(q)).toEqual([0, 1, 0]);
    jest.advanceTimersByTime(29_999);
    expect(q.receive(1, 30)).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(counts(q)).toEqual([1, 0, 0]);
    const [again] = q.receive(1, 30);
    expect([again?.id, again?.receiveCount]).toEqual([m?.id, 2]);
    // One timer entry for the message's visibility, one for the queue's retention deadline.
    expect(store.scheduler.size).toBe(2);
  });

  it('moves a deadline with ChangeMessageVisibility and refuses more than 12 hours from the receive', () => {
    const q = store.create('change', {}, {});
    q.send(draft('a'), undefined);
    const [m] = q.receive(1, 30);
    const handle = q.receiptOf(m!);
    jest.advanceTimersByTime(20_000);
    q.changeVisibility(handle, 60);
    jest.advanceTimersByTime(59_999);
    expect(counts(q)).toEqual([0, 1, 0]);
    jest.advanceTimersByTime(1);
    expect(counts(q)).toEqual([1, 0, 0]);
    const [again] = q.receive(1, 43_000);
    jest.advanceTimersByTime(3_600_000);
    expect(() => q.changeVisibility(q.receiptOf(again!), 43_200)).toThrow('Total VisibilityTimeout for the message is beyond the limit [43200 seconds]');
    q.changeVisibility(q.receiptOf(again!), 43_200 - 3_600);
  });

  it('forgets the deadline of a message deleted in flight', () => {
    const q = store.create('del', {}, {});
    q.send(draft('a'), undefined);
    const [m] = q.receive(1, 30);
    q.deleteMessage(q.receiptOf(m!));
    expect(store.scheduler.size).toBe(1); // only the retention deadline of the (now empty) queue remains until it fires
    jest.advanceTimersByTime(60_000);
    expect(counts(q)).toEqual([0, 0, 0]);
  });

  it('delays messages by their own DelaySeconds or the queue default', () => {
    const q = store.create('delay', { DelaySeconds: '5' }, {});
    q.send(draft('queue default'), undefined);
    q.send(draft('own'), 10);
    q.send(draft('none'), 0);
    expect(counts(q)).toEqual([1, 0, 2]);
    jest.advanceTimersByTime(5_000);
    expect(counts(q)).toEqual([2, 0, 1]);
    jest.advanceTimersByTime(5_000);
    expect(q.receive(10, 30).map((m) => m.body)).toEqual(['none', 'queue default', 'own']);
  });

  it('drops messages older than MessageRetentionPeriod, in flight or not', () => {
    const q = store.create('ret', { MessageRetentionPeriod: '60' }, {});
    q.send(draft('old'), undefined);
    q.receive(1, 600);
    jest.advanceTimersByTime(30_000);
    q.send(draft('young'), undefined);
    jest.advanceTimersByTime(30_000);
    expect([...q.messages.values()].map((m) => m.body)).toEqual(['young']);
    expect(counts(q)).toEqual([1, 0, 0]);
    jest.advanceTimersByTime(30_000);
    expect(counts(q)).toEqual([0, 0, 0]);
  });

  it('wakes a long-polling receiver on send and times it out otherwise', async () => {
    const q = store.create('poll', {}, {});
    const timedOut = q.waiters.wait(1, undefined, 20_000);
    jest.advanceTimersByTime(20_000);
    expect(await timedOut).toEqual([]);
    const woken = q.waiters.wait(10, undefined, 20_000);
    q.send(draft('x'), undefined);
    q.send(draft('y'), undefined);
    expect((await woken).map((m) => m.body)).toEqual(['x', 'y']);
    expect(q.waiters.size).toBe(0);
  });

  it('wakes a long-polling receiver when a visibility timeout ends', async () => {
    const q = store.create('poll2', {}, {});
    q.send(draft('x'), undefined);
    q.receive(1, 5);
    const woken = q.waiters.wait(1, undefined, 20_000);
    jest.advanceTimersByTime(5_000);
    expect((await woken).map((m) => [m.body, m.receiveCount])).toEqual([['x', 2]]);
  });

  it('wakes a long-polling FIFO receiver when the group it waits behind is freed by a delete', async () => {
    const q = store.create('wake.fifo', { FifoQueue: 'true' }, {});
    q.send(draft('first', { groupId: 'g', dedupId: '1' }), undefined);
    q.send(draft('second', { groupId: 'g', dedupId: '2' }), undefined);
    const [first] = q.receive(1, 30);
    const woken = q.waiters.wait(10, undefined, 20_000);
    await Promise.resolve();
    expect(q.waiters.size).toBe(1);
    q.deleteMessage(q.receiptOf(first!));
    expect((await woken).map((m) => m.body)).toEqual(['second']);
  });

  it('deduplicates FIFO messages for 5 minutes only', () => {
    const q = store.create('dedup.fifo', { FifoQueue: 'true' }, {});
    const first = q.send(draft('a', { groupId: 'g', dedupId: 'd' }), undefined);
    jest.advanceTimersByTime(299_999);
    expect(q.send(draft('b', { groupId: 'g', dedupId: 'd' }), undefined).id).toBe(first.id);
    jest.advanceTimersByTime(1);
    expect(q.send(draft('c', { groupId: 'g', dedupId: 'd' }), undefined).id).not.toBe(first.id);
    expect(q.messages.size).toBe(2);
  });

  it('scopes deduplication to the message group with DeduplicationScope=messageGroup', () => {
    const q = store.create('scope.fifo', { FifoQueue: 'true', DeduplicationScope: 'messageGroup' }, {});
    const a = q.send(draft('a', { groupId: 'g1', dedupId: 'd' }), undefined);
    const b = q.send(draft('b', { groupId: 'g2', dedupId: 'd' }), undefined);
    expect(b.id).not.toBe(a.id);
    expect(q.send(draft('c', { groupId: 'g1', dedupId: 'd' }), undefined).id).toBe(a.id);
  });

  it('moves a message to the dead-letter queue on the receive after maxReceiveCount', () => {
    const dlq = store.create('dlq', {}, {});
    const q = store.create('src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) }, {});
    q.send(draft('poison'), undefined);
    for (let i = 0; i < 2; i++) {
      expect(q.receive(1, 1)).toHaveLength(1);
      jest.advanceTimersByTime(1_000);
    }
    expect(q.receive(1, 1)).toEqual([]);
    const [dead] = dlq.receive(1, 30);
    expect([dead?.body, dead?.deadLetterSourceArn, dead?.receiveCount]).toEqual(['poison', q.arn, 1]);
  });
});

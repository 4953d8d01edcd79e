import { DeliveryStream, type Delivery } from '../../src/subscriptions/delivery-stream';

function tracked(value: string, log: string[]): Delivery<string> {
  return { value, delivered: () => log.push(`delivered ${value}`), undelivered: () => log.push(`undelivered ${value}`) };
}

describe('DeliveryStream', () => {
  it('confirms a value as delivered only when the next one is asked for', async () => {
    const log: string[] = [];
    const stream = new DeliveryStream<string>(10);
    stream.push(tracked('a', log));
    stream.push(tracked('b', log));
    expect(await stream.next()).toEqual({ value: 'a', done: false });
    expect(log).toEqual([]);
    expect(await stream.next()).toEqual({ value: 'b', done: false });
    expect(log).toEqual(['delivered a']);
  });

  it('gives back what is in hand and buffered when the subscriber leaves', async () => {
    const log: string[] = [];
    const closed: unknown[] = [];
    const stream = new DeliveryStream<string>(10, { onClose: (s) => closed.push(s) });
    for (const v of ['a', 'b', 'c']) stream.push(tracked(v, log));
    await stream.next();
    await stream.next();
    await stream.return();
    expect(log).toEqual(['delivered a', 'undelivered b', 'undelivered c']);
    expect(closed).toEqual([stream]);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('hands a push straight to a waiting next() and reports free room', async () => {
    const log: string[] = [];
    let demands = 0;
    const stream = new DeliveryStream<string>(2, { onDemand: () => demands++ });
    expect(stream.free).toBe(2);
    const pending = stream.next();
    expect(demands).toBe(1);
    stream.push(tracked('x', log));
    expect(await pending).toEqual({ value: 'x', done: false });
    stream.push(tracked('y', log));
    stream.push(tracked('z', log));
    expect(stream.free).toBe(0);
  });

  it('fails a waiting next() with the error, and ends cleanly on end()', async () => {
    const failing = new DeliveryStream<string>(1);
    const pending = failing.next();
    failing.fail(new Error('no such queue'));
    await expect(pending).rejects.toThrow('no such queue');

    const log: string[] = [];
    const ending = new DeliveryStream<string>(1);
    const waiting = ending.next();
    ending.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
    ending.push(tracked('late', log));
    expect(log).toEqual(['undelivered late']);
  });
});

/**
 * Label values of the metrics (src/metrics.ts), kept apart from prom-client so the server can use them
 * without loading it. Every value that a client or an upstream chooses goes through a LabelCap: each
 * distinct label value is a time series kept for the life of the process, so their number is bounded.
 */

/** The label value that stands for every value past a cap. */
export const OTHER = 'other';

/**
 * The first `max` distinct values keep their own label, later ones are all `other`; values longer
 * than `maxLength` are `other` at once (a GraphQL name has no length limit of its own).
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly maxLength = 128,
  ) {}

  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max || value.length > this.maxLength) return OTHER;
    this.seen.add(value);
    return value;
  }
}

/** `DynamoDBClient` -> `dynamodb`, `SQSClient` -> `sqs`: the SDK client's name as a service label. */
export function serviceLabel(clientName: string | undefined): string {
  return clientName ? clientName.replace(/Client$/, '').toLowerCase() : 'unknown';
}

/** `GetItemCommand` -> `GetItem`: the SDK command's name as the AWS API operation it calls. */
export function awsOperationLabel(commandName: string | undefined): string {
  return commandName ? commandName.replace(/Command$/, '') : 'unknown';
}

/** Remembers what `label` returns for each input, so a label is computed once per distinct input. */
export function memoize(label: (value: string | undefined) => string): (value: string | undefined) => string {
  const known = new Map<string | undefined, string>();
  return (value) => {
    let result = known.get(value);
    if (result === undefined) known.set(value, (result = label(value)));
    return result;
  };
}

/** The outcome of an AWS call: `ok`, or the error's name (`ConditionalCheckFailedException`, `TimeoutError`...). */
export function errorName(err: unknown): string {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name ? name : 'Error';
}

/** The outcome of a GraphQL response: `ok`, or the code of its first error. */
export function responseOutcome(errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined): string {
  const first = errors?.[0];
  if (!first) return 'ok';
  const code = first.extensions?.code;
  return typeof code === 'string' && code ? code : 'INTERNAL_SERVER_ERROR';
}

interface Counter {
  inc(): void;
  dec(): void;
}

/**
 * `source` as a stream that counts itself on `live` while it runs: +1 now, -1 once, when it ends,
 * fails, or is stopped. next() is forwarded as is, so return() stops a stream whose next() is still
 * pending (an async generator wrapper would queue the return() behind it).
 */
export function countStream<T>(source: AsyncGenerator<T, void, void>, live: Counter): AsyncGenerator<T, void, void> {
  live.inc();
  let running = true;
  const end = (): void => {
    if (running) {
      running = false;
      live.dec();
    }
  };
  const stream: AsyncGenerator<T, void, void> = {
    async next() {
      try {
        const result = await source.next();
        if (result.done) end();
        return result;
      } catch (err) {
        end();
        throw err;
      }
    },
    return(value) {
      end();
      return source.return(value);
    },
    throw(err) {
      end();
      return source.throw(err);
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { mapAsyncIterator } from 'graphql/execution/mapAsyncIterator';

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * The `subscribe` given to graphql-ws. It does what graphql-js's does (the field's source stream,
 * each event executed with the event as root value), except that an event is executed once per
 * distinct operation (document, operation name and variables) and the result is shared by every
 * subscriber running that operation: one broadcast event to 1,000 subscribers of the same
 * subscription costs one execution instead of 1,000. Parse and validation are already done once
 * per subscription by graphql-ws.
 *
 * Sharing is sound because no field of a payload type (Message, TopicMessage, Event and what they
 * hold) reads the context: the first subscriber's context is the one the execution sees. A field
 * that came to depend on the subscriber would have to be executed per subscriber.
 */
export function sharedSubscribe(): (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  // Results live as long as the event object they were computed from.
  const results = new WeakMap<object, Map<string, Result>>();
  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const operation = `${args.operationName ?? ''}\u0000${print(args.document)}\u0000${JSON.stringify(args.variableValues ?? {})}`;
    return mapAsyncIterator(source, (event: unknown) => {
      if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
      let byOperation = results.get(event);
      if (!byOperation) results.set(event, (byOperation = new Map()));
      let result = byOperation.get(operation);
      if (!result) byOperation.set(operation, (result = execute({ ...args, rootValue: event })));
      return result;
    });
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function';
}

import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { isThrottling } from '../errors';
import { retry, sleep, type BackoffOptions } from '../lib/retry';
import { InvocationType, type InvocationResult } from '../types/function.type';
import type { InvocationStatsStore } from './invocation-stats';
import { functionNameOf, isRetryableInvokeError, resultOf, SDK_INVOCATION_TYPES, translateInvokeError } from './invocation';

/** One invocation as the invoker takes it: the payload already serialized and checked. */
export interface InvokeRequest {
  /** Name, partial ARN or ARN. */
  function: string;
  payload: Uint8Array;
  type: InvocationType;
  qualifier?: string;
  /** Retries after the first attempt, on throttling and service errors only. */
  retries: number;
  logTail: boolean;
}

export interface InvokerDeps {
  /** Built with maxAttempts 1, so these retries are the only ones. */
  lambda: LambdaClient;
  stats: InvocationStatsStore;
  /** Backoff schedule; the default is full jitter from 100 ms, doubling, capped at 5 s. */
  backoff?: BackoffOptions;
  /** How to wait between attempts; injectable for tests. */
  wait?: (ms: number) => Promise<void>;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 5000 };

/**
 * The notebook's LambdaInvoker: invokes with retries and exponential backoff (full jitter) on
 * throttling and service errors, measures the duration, and counts every call in the
 * process-wide statistics. A function error is a result with success: false, never a throw.
 */
export class LambdaInvoker {
  constructor(private readonly deps: InvokerDeps) {}

  async invoke(request: InvokeRequest): Promise<InvocationResult> {
    const functionName = functionNameOf(request.function);
    let attempts = 0;
    let throttles = 0;
    let durationMs = 0;
    const attempt = async (n: number): Promise<InvokeCommandOutput> => {
      attempts = n;
      const started = performance.now();
      try {
        return await this.deps.lambda.send(this.command(request));
      } catch (err) {
        if (isThrottling(err)) throttles++;
        throw err;
      } finally {
        durationMs = Math.round(performance.now() - started);
      }
    };
    try {
      const { value } = await retry(attempt, { ...(this.deps.backoff ?? DEFAULT_BACKOFF), retries: request.retries, isRetryable: isRetryableInvokeError, wait: this.deps.wait ?? sleep });
      const result: InvocationResult = { ...resultOf(value, request.type, request.logTail), durationMs, attempts };
      this.deps.stats.record({ functionName, outcome: result.success ? 'success' : 'functionError', throttles, retries: attempts - 1, durationMs: ranFunction(request.type) ? durationMs : undefined });
      return result;
    } catch (err) {
      // A function that does not exist gets no statistics: they would only grow with typos.
      if ((err as Error)?.name !== 'ResourceNotFoundException') {
        this.deps.stats.record({ functionName, outcome: 'failed', throttles, retries: attempts - 1 });
      }
      throw translateInvokeError(err, request.function, request.qualifier, attempts);
    }
  }

  private command(request: InvokeRequest): InvokeCommand {
    return new InvokeCommand({
      FunctionName: request.function,
      InvocationType: SDK_INVOCATION_TYPES[request.type],
      Payload: request.payload,
      Qualifier: request.qualifier,
      // Lambda returns a log tail for synchronous invocations only.
      LogType: request.logTail && request.type === InvocationType.REQUEST_RESPONSE ? 'Tail' : 'None',
    });
  }
}

/** Only a synchronous invocation's duration is the function's; EVENT and DRY_RUN measure the queueing call. */
function ranFunction(type: InvocationType): boolean {
  return type === InvocationType.REQUEST_RESPONSE;
}

import { GetFunctionConfigurationCommand, ListFunctionsCommand, type FunctionConfiguration, type LambdaClient, type ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import { ValidationError, translateAwsError } from '../errors';
import type { CursorCodec } from '../lib/cursor';
import { retry, sleep, type BackoffOptions } from '../lib/retry';
import type { FunctionsArgs, InvokeInput } from '../types/function.input';
import { InvocationType, type FunctionPage, type InvocationResult, type LambdaFunction } from '../types/function.type';
import { encodePayload, functionNameOf, isRetryableInvokeError } from './invocation';
import type { InvocationStatsStore } from './invocation-stats';
import { LambdaInvoker } from './invoker';
import { decodeNextToken } from './next-token';

/** Most functions ListFunctions returns in one response. */
const LAMBDA_PAGE = 50;
const DEFAULT_LIMIT = 50;
const CURSOR_SCOPE = 'functions';

/** Where a page starts: a Lambda Marker (none for the first Lambda page) and how many of that Lambda page to skip. */
export interface Position {
  m?: string;
  o: number;
}

/** Whether a decoded nextToken holds a Position. */
function isPosition(p: unknown): boolean {
  const position = p as Partial<Position> | null;
  return Number.isInteger(position?.o) && (position?.o as number) >= 0 && (position?.m === undefined || typeof position.m === 'string');
}

/**
 * Where the page after this one starts. Lambda honours MaxItems, so its pages end exactly where
 * asked; moto ignores MaxItems and Marker and returns every function at once, so there the
 * next position falls inside the Lambda page just read.
 */
export function nextPosition(position: Position, available: number, missing: number, nextMarker: string | undefined): Position | undefined {
  if (available > missing) return { m: position.m, o: position.o + missing };
  // A marker that points back at the page just read would never end the listing.
  return nextMarker && nextMarker !== position.m ? { m: nextMarker, o: 0 } : undefined;
}

export interface FunctionsDeps {
  /** Built with maxAttempts 1: the invoker's retries are the only ones. */
  lambda: LambdaClient;
  stats: InvocationStatsStore;
  cursors: CursorCodec;
  backoff?: BackoffOptions;
  wait?: (ms: number) => Promise<void>;
}

/** Lambda functions: listing, configuration with this server's statistics, and invocation with retries. */
export class FunctionsDataSource {
  private readonly invoker: LambdaInvoker;

  constructor(private readonly deps: FunctionsDeps) {
    this.invoker = new LambdaInvoker(deps);
  }

  /** One page of up to `limit` functions, reading as many Lambda pages (of at most 50) as it takes. */
  async page({ limit, nextToken }: FunctionsArgs): Promise<FunctionPage> {
    const wanted = limit ?? DEFAULT_LIMIT;
    let position = nextToken ? decodeNextToken<Position>(this.deps.cursors, CURSOR_SCOPE, nextToken, isPosition) : { o: 0 };
    const configs: FunctionConfiguration[] = [];
    for (;;) {
      const missing = wanted - configs.length;
      const page = await this.listFunctions(position, missing);
      const rest = (page.Functions ?? []).slice(position.o);
      configs.push(...rest.slice(0, missing));
      const next = nextPosition(position, rest.length, missing, page.NextMarker);
      if (!next || configs.length === wanted) return { items: configs.map((c) => this.toFunction(c)), nextToken: next ? this.deps.cursors.encode(CURSOR_SCOPE, next) : null };
      position = next;
    }
  }

  /** A function's configuration and statistics, or null when there is no such function. */
  async get(ref: string): Promise<LambdaFunction | null> {
    try {
      const config = await this.call(() => this.deps.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: ref })));
      return this.toFunction(config);
    } catch (err) {
      if ((err as Error)?.name === 'ResourceNotFoundException') return null;
      throw translateAwsError(err, `reading function ${ref}`);
    }
  }

  /** Invokes a function; the payload is checked against Lambda's limits before any call. */
  invoke(input: InvokeInput): Promise<InvocationResult> {
    const type = input.invocationType ?? InvocationType.REQUEST_RESPONSE;
    return this.invoker.invoke({
      function: input.function,
      payload: encodePayload(input.payload, type),
      type,
      qualifier: input.qualifier ?? undefined,
      retries: input.retries ?? 2,
      logTail: input.logTail ?? false,
    });
  }

  private async listFunctions(position: Position, missing: number): Promise<ListFunctionsCommandOutput> {
    const request = { Marker: position.m, MaxItems: Math.min(LAMBDA_PAGE, position.o + missing) };
    try {
      return await this.call(() => this.deps.lambda.send(new ListFunctionsCommand(request)));
    } catch (err) {
      if ((err as Error)?.name === 'InvalidParameterValueException' && position.m) {
        throw ValidationError.of('nextToken', 'is no longer valid; start from the first page');
      }
      throw translateAwsError(err, 'listing functions');
    }
  }

  /** Control-plane reads get the same retries on throttling and service errors as invocations. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    const { value } = await retry(fn, { ...this.deps.backoff, retries: 2, isRetryable: isRetryableInvokeError, wait: this.deps.wait ?? sleep });
    return value;
  }


  private toFunction(config: FunctionConfiguration): LambdaFunction {
    const name = config.FunctionName ?? '';
    return {
      name,
      arn: config.FunctionArn ?? '',
      runtime: config.Runtime ?? null,
      handler: config.Handler ?? null,
      description: config.Description ?? null,
      memorySize: config.MemorySize ?? 128,
      timeout: config.Timeout ?? 3,
      codeSize: config.CodeSize ?? null,
      lastModified: dateOf(config.LastModified),
      version: config.Version ?? null,
      state: config.State ?? null,
      stats: this.deps.stats.get(functionNameOf(name)),
    };
  }
}

/** Lambda's LastModified (`2024-05-01T12:00:00.000+0000`), or null when absent or unreadable. */
function dateOf(text: string | undefined): Date | null {
  const date = text ? new Date(text) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

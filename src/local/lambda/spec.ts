import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FunctionRecord } from './model';
import { SUPPORTED_RUNTIMES, type Runtimes } from './runtimes';
import type { WorkerSpec } from './worker';

/** The project's node_modules: Node functions find the AWS SDK there, as AWS's Node runtimes include it. */
const NODE_MODULES = (() => {
  const resolved = require.resolve('fflate');
  return resolved.slice(0, resolved.lastIndexOf(`${path.sep}node_modules${path.sep}`) + `${path.sep}node_modules`.length);
})();

export interface SpecContext {
  region: string;
  /** The local AWS's URL, given to functions as AWS_ENDPOINT_URL so their SDK calls stay local. */
  endpoint: string;
  runtimes: Runtimes;
}

/**
 * How to start a process for a function: the variables AWS sets in every execution environment,
 * then the function's own Environment. Nothing of the server's own environment is passed on
 * except PATH, so a function never sees the server's credentials.
 */
export function workerSpec(fn: FunctionRecord, codeDir: string, ctx: SpecContext): WorkerSpec {
  const language = SUPPORTED_RUNTIMES[fn.runtime] ?? 'node';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: codeDir,
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: ctx.region,
    AWS_DEFAULT_REGION: ctx.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL: ctx.endpoint,
    ...(language === 'node' ? { NODE_PATH: NODE_MODULES } : { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' }),
    ...fn.environment,
  };
  return { language, command: ctx.runtimes.executable(language) ?? ctx.runtimes.commands[language], cwd: codeDir, env, memorySize: fn.memorySize };
}

/** A log stream name in AWS's shape: `2024/01/15/[$LATEST]<32 hex>`. */
export function logStreamName(at = new Date()): string {
  return `${at.toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

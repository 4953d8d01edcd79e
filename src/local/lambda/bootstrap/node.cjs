'use strict';
// The Node runtime of the local Lambda: one process runs one function. It loads the handler
// once (the "init" of AWS's execution environment), then reads invocations from stdin, one JSON
// line each, and answers each on file descriptor 3 with its result or error. Console output is
// sent over the same channel, in AWS's log format, so it stays in order with the result; writes
// are synchronous so nothing is lost when the handler exits the process.
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const readline = require('node:readline');
const { pathToFileURL } = require('node:url');

const CHANNEL = 3;
let requestId;

function send(message) {
  const data = Buffer.from(`${JSON.stringify(message)}\n`);
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(CHANNEL, data, offset);
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err;
    }
  }
}

function log(text) {
  send({ type: 'log', text });
}

const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(LEVELS)) {
  console[method] = (...args) => log(`${new Date().toISOString()}\t${requestId}\t${level}\t${util.format(...args)}\n`);
}
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (chunk, encoding, done) => {
    log(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = typeof encoding === 'function' ? encoding : done;
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
}

class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.errorType = type;
  }
}

/** AWS's error payload: errorType, errorMessage, trace. */
function errorShape(err) {
  if (err instanceof RuntimeError) return { errorType: err.errorType, errorMessage: err.message, trace: [] };
  if (err instanceof Error) {
    return { errorType: err.name, errorMessage: err.message, trace: String(err.stack || '').split('\n') };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

/** Finds `<root>/<dir>/<module>.{js,mjs,cjs}` and loads it as AWS's Node runtime does. */
async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${__filename}`);
  try {
    if (file.endsWith('.mjs')) return await import(pathToFileURL(file).href);
    try {
      return require(file);
    } catch (err) {
      if (err && err.code === 'ERR_REQUIRE_ESM') return await import(pathToFileURL(file).href);
      throw err;
    }
  } catch (err) {
    if (err instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `SyntaxError: ${err.message}`);
    if (err && err.code === 'MODULE_NOT_FOUND') throw new RuntimeError('Runtime.ImportModuleError', `Error: ${err.message}`);
    throw err;
  }
}

/** Resolves `_HANDLER` (`dir/module.export.path`) to the handler function. */
async function loadHandler() {
  const spec = process.env._HANDLER || '';
  const slash = spec.lastIndexOf('/');
  const moduleRoot = spec.slice(0, slash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(spec.slice(slash + 1));
  if (!match || !match[1] || !match[2]) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, exportPath] = match;
  const mod = await loadModule(process.cwd(), moduleRoot, moduleName);
  let handler = exportPath.split('.').reduce((obj, key) => (obj == null ? undefined : obj[key]), mod);
  if (handler === undefined && mod && mod.default && typeof mod.default === 'object') handler = mod.default[exportPath];
  if (handler === undefined) throw new RuntimeError('Runtime.HandlerNotFound', `${moduleName}.${exportPath} is undefined or not exported`);
  if (typeof handler !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${moduleName}.${exportPath} is not a function`);
  return handler;
}

function contextFor(message) {
  const env = process.env;
  const deadline = Date.now() + message.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: message.clientContext,
    identity: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Runs a handler in any of its styles: async, promise-returning, or callback (`(event, context, callback)`). */
function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, data) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(data);
    };
    context.done = callback;
    context.succeed = (data) => callback(null, data);
    context.fail = (err) => callback(err === undefined || err === null ? 'handled' : err);
    let out;
    try {
      out = handler(event, context, callback);
    } catch (err) {
      callback(err);
      return;
    }
    if (out && typeof out.then === 'function') out.then((data) => callback(null, data), (err) => callback(err === undefined ? new Error('undefined') : err));
    else if (handler.length < 3) callback(null, null);
  });
}

function memoryMb() {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function fail(err) {
  const shape = errorShape(err);
  console.error('Invoke Error', `\t${JSON.stringify(shape)}`);
  send({ type: 'error', error: shape, memoryMb: memoryMb() });
}

async function invoke(message, handler) {
  requestId = message.requestId;
  try {
    const result = await runHandler(handler, JSON.parse(message.payload), contextFor(message));
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (err) {
      throw new RuntimeError('Runtime.MarshalError', `Unable to stringify response body: ${err.message}`);
    }
    send({ type: 'result', payload: payload === undefined ? 'null' : payload, memoryMb: memoryMb() });
  } catch (err) {
    fail(err);
  }
}

function fatal(type) {
  return (reason) => {
    const shape = errorShape(reason);
    if (type) shape.errorType = type;
    log(`${new Date().toISOString()}\t${requestId}\tERROR\t${type ? 'Unhandled Promise Rejection' : 'Uncaught Exception'} \t${JSON.stringify(shape)}\n`);
    // AWS's runtime reports the error for the running invocation, then the process ends.
    send({ type: 'error', error: shape, memoryMb: memoryMb(), fatal: true });
    process.exit(129);
  };
}

process.on('uncaughtException', fatal());
process.on('unhandledRejection', fatal('Runtime.UnhandledPromiseRejection'));

const started = process.hrtime.bigint();
const ready = loadHandler().then(
  (handler) => ({ handler }),
  (err) => ({ error: err }),
);
ready.then(({ error }) => {
  const initMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (error) log(`${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify(errorShape(error))}\n`);
  send({ type: 'ready', initMs });
});
const requests = readline.createInterface({ input: process.stdin });
requests.on('close', () => process.exit(0));
requests.on('line', (line) => {
  const message = JSON.parse(line);
  ready.then(({ handler, error }) => {
    if (error) {
      requestId = message.requestId;
      send({ type: 'error', error: errorShape(error), memoryMb: memoryMb(), fatal: true });
      return;
    }
    return invoke(message, handler);
  });
});

import { statSync } from 'node:fs';
import path from 'node:path';

/** How the server reaches AWS: an embedded emulator it starts itself, or AWS / AWS_ENDPOINT_URL. */
export type Mode = 'LOCAL' | 'AWS';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Every setting of the server, validated once at start and passed down as one object. */
export interface Config {
  /** LOCAL starts the embedded local AWS; AWS talks to AWS or `endpoint`. Default: LOCAL unless an endpoint or credentials are configured. */
  mode: Mode;
  /** HTTP port of the GraphQL server (default 4000; 0 picks a free port). */
  port: number;
  /** Interface the GraphQL server listens on (default 0.0.0.0). */
  host: string;
  /** AWS region (default us-east-1). */
  region: string;
  /** Endpoint override for every AWS client (AWS_ENDPOINT_URL); in LOCAL mode the embedded local AWS. */
  endpoint?: string;
  /** Loopback port of the embedded local AWS (default 4566; 0 picks a free port). */
  localAwsPort: number;
  /** Where the embedded local AWS keeps its data; memory only when unset. */
  dataDir?: string;
  /** Folder whose subfolders the local AWS deploys as Lambda functions (default ./functions). */
  functionsDir: string;
  /** Concurrent invocations per function the local Lambda allows before 429 (default 10). */
  lambdaConcurrency: number;
  /** Load the sample users and orders in LOCAL mode (default true). */
  seed: boolean;
  /** Users, their orders, the users' email index, and the email claims that keep emails unique (default user-emails). */
  tables: { users: string; orders: string; emailIndex: string; userEmails: string };
  /** SNS topic of the API's events (default aws-graphql-events). */
  eventsTopic: string;
  /** Attempts per AWS call, first one included (default 3). */
  awsMaxAttempts: number;
  logLevel: LogLevel;
  /** Key that signs nextTokens; set the same value on every process behind one load balancer (default: random per process). */
  cursorSecret?: string;
  /** Put stack traces and AWS details into client errors (default false; never in production). */
  debugErrors: boolean;
  /** NODE_ENV=production turns off the Sandbox landing page and introspection hints. */
  production: boolean;
  /** Batch the user reads of a request (usersById, Order.user) into BatchGetItem (USER_BATCH_READS, default true); false reads each with its own GetItem: the benchmark's "DataLoader off" side. */
  batchUserReads: boolean;
  /** Serve Prometheus metrics on GET /metrics (METRICS, default true). */
  metrics: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A failed listen() as a ConfigError naming the setting to change (`PORT`, `LOCAL_AWS_PORT`, or `HOST`); other errors as they are. */
export function listenFailure(err: unknown, setting: string, port: number, host: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new ConfigError(`${setting}=${port} is not usable: ${host}:${port} is already in use; stop what uses it or choose another port (0 picks a free one)`);
  if (code === 'EACCES') return new ConfigError(`${setting}=${port} is not usable: listening on ${host}:${port} is not permitted; choose a port above 1023`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ConfigError(`HOST=${host} is not usable: this machine has no interface with that address`);
  return err;
}

type Source = Record<string, string | undefined>;

const FLAGS: Record<string, string> = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--mode': 'MODE',
  '--region': 'AWS_REGION',
  '--endpoint': 'AWS_ENDPOINT_URL',
  '--local-aws-port': 'LOCAL_AWS_PORT',
  '--data-dir': 'DATA_DIR',
  '--functions-dir': 'FUNCTIONS_DIR',
  '--log-level': 'LOG_LEVEL',
  '--users-table': 'USERS_TABLE',
  '--orders-table': 'ORDERS_TABLE',
  '--events-topic': 'EVENTS_TOPIC',
  '--no-seed': 'SEED=false',
  '--debug-errors': 'DEBUG_ERRORS=true',
};

/** Turns `--data-dir DIR` / `--data-dir=DIR` flags into the environment names they stand for; flags win over the environment. */
export function flagsToEnv(argv: readonly string[]): Source {
  const out: Source = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const target = FLAGS[flag];
    if (!target) throw new ConfigError(`unknown option ${flag}; accepted: ${Object.keys(FLAGS).join(', ')}`);
    if (target.includes('=')) {
      const [name, value] = target.split('=') as [string, string];
      out[name] = value;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new ConfigError(`${flag} needs a value`);
    out[target] = value;
  }
  return out;
}

function int(env: Source, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not valid: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function bool(env: Source, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name}=${env[name]} is not valid: expected true or false`);
}

function oneOf<T extends string>(env: Source, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = values.find((v) => v.toLowerCase() === raw.toLowerCase());
  if (!match) throw new ConfigError(`${name}=${raw} is not valid: expected one of ${values.join(', ')}`);
  return match;
}

function name(env: Source, key: string, fallback: string, pattern: RegExp, rule: string): string {
  const value = env[key] || fallback;
  if (!pattern.test(value)) throw new ConfigError(`${key}=${value} is not valid: expected ${rule}`);
  return value;
}

function endpointOf(env: Source): string | undefined {
  const raw = env.AWS_ENDPOINT_URL;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AWS_ENDPOINT_URL=${raw} is not valid: expected an http(s) URL such as http://localhost:4566`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`AWS_ENDPOINT_URL=${raw} is not valid: expected an http(s) URL such as http://localhost:4566`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * The folder whose subfolders the local AWS deploys. One given in LOCAL mode must be a directory
 * (an empty one deploys nothing); the default ./functions may be absent (no sample functions), as
 * when the server runs from another working directory.
 */
function functionsDirOf(env: Source, cwd: string, mode: Mode): string {
  const dir = path.resolve(cwd, env.FUNCTIONS_DIR || 'functions');
  if (!env.FUNCTIONS_DIR || mode !== 'LOCAL' || statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return dir;
  throw new ConfigError(`FUNCTIONS_DIR=${env.FUNCTIONS_DIR} is not valid: expected an existing directory (its folders are deployed as Lambda functions in LOCAL mode)`);
}

/** Least length of CURSOR_SECRET: the random key it replaces is 32 bytes, and an HMAC key is only as strong as it is long. */
const CURSOR_SECRET_MIN = 32;

/** The key that signs nextTokens, if given: never echoed in the error, it is a secret. */
function cursorSecretOf(env: Source): string | undefined {
  const secret = env.CURSOR_SECRET;
  if (!secret) return undefined;
  if (secret.length < CURSOR_SECRET_MIN) throw new ConfigError(`CURSOR_SECRET is not valid: expected at least ${CURSOR_SECRET_MIN} characters (it has ${secret.length}), e.g. from openssl rand -base64 32`);
  return secret;
}

const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_RULE = '3-255 characters of A-Z a-z 0-9 _ . -';

/** The API's table names: each valid, and three different tables (one table can't hold users, orders and email claims). */
function tablesOf(env: Source): Config['tables'] {
  const tables = {
    users: name(env, 'USERS_TABLE', 'users', TABLE, TABLE_RULE),
    orders: name(env, 'ORDERS_TABLE', 'orders', TABLE, TABLE_RULE),
    emailIndex: name(env, 'USERS_EMAIL_INDEX', 'email-index', TABLE, TABLE_RULE),
    userEmails: name(env, 'USER_EMAILS_TABLE', 'user-emails', TABLE, TABLE_RULE),
  };
  const settings: Array<[string, string]> = [['USERS_TABLE', tables.users], ['ORDERS_TABLE', tables.orders], ['USER_EMAILS_TABLE', tables.userEmails]];
  for (const [i, [setting, table]] of settings.entries()) {
    const other = settings.slice(i + 1).find(([, t]) => t === table);
    if (other) throw new ConfigError(`${other[0]} is not valid: it names the same table as ${setting} (${table}); the users, orders and email claims need three different tables`);
  }
  return tables;
}

/** Reads and validates every setting; throws ConfigError naming the first wrong one. */
export function loadConfig(env: Source = process.env, cwd = process.cwd()): Config {
  const endpoint = endpointOf(env);
  const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
  const mode = oneOf(env, 'MODE', ['LOCAL', 'AWS'] as const, endpoint || hasCredentials ? 'AWS' : 'LOCAL');
  const region = name(env, 'AWS_REGION', env.AWS_DEFAULT_REGION || 'us-east-1', /^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as us-east-1');
  return {
    mode,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    region,
    endpoint: mode === 'AWS' ? endpoint : undefined,
    localAwsPort: int(env, 'LOCAL_AWS_PORT', 4566, 0, 65535),
    dataDir: env.DATA_DIR ? path.resolve(cwd, env.DATA_DIR) : undefined,
    functionsDir: functionsDirOf(env, cwd, mode),
    lambdaConcurrency: int(env, 'LAMBDA_CONCURRENCY', 10, 1, 1000),
    seed: bool(env, 'SEED', true),
    tables: tablesOf(env),
    eventsTopic: name(env, 'EVENTS_TOPIC', 'aws-graphql-events', /^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z a-z 0-9 _ -'),
    awsMaxAttempts: int(env, 'AWS_MAX_ATTEMPTS', 3, 1, 10),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    cursorSecret: cursorSecretOf(env),
    debugErrors: bool(env, 'DEBUG_ERRORS', false) && env.NODE_ENV !== 'production',
    production: env.NODE_ENV === 'production',
    batchUserReads: bool(env, 'USER_BATCH_READS', true),
    metrics: bool(env, 'METRICS', true),
  };
}

import { LambdaError, validationError } from './errors';
import { RUNTIME_ENUM } from './runtimes';
import type { FunctionSettings } from './model';

/** A request body as parsed JSON: the members a Lambda operation reads. */
export type Body = Record<string, unknown>;

/** Keys Lambda sets itself; AWS refuses them in Environment.Variables. */
export const RESERVED_ENV_KEYS = [
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
];

export const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const HANDLER = /^[^\s]+$/;
// The model's pattern is [a-zA-Z]([a-zA-Z0-9_])+; one-letter names are taken too, since AWS's
// consoles and tools accept them and refusing more than AWS would break working configurations.
const ENV_KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const ENV_KEY_MODEL = '[a-zA-Z]([a-zA-Z0-9_])+';
const ENV_LIMIT = 4096;

/** Parses a request body; AWS answers InvalidRequestContentException for one that is not a JSON object. */
export function parseBody(raw: Buffer): Body {
  if (raw.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new LambdaError('InvalidRequestContentException', `Could not parse request body into json: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LambdaError('InvalidRequestContentException', 'Could not parse request body into json: expected a JSON object');
  }
  return value as Body;
}

function wrongType(member: string, expected: string, value: unknown): LambdaError {
  return new LambdaError('InvalidRequestContentException', `Could not parse request body into json: Cannot deserialize value of type ${expected} at '${member}' from ${JSON.stringify(value)}`);
}

/** A string member, or undefined when absent. */
export function str(body: Body, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(member, 'String', value);
  return value;
}

function int(body: Body, member: string): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(member, 'Integer', value);
  return value;
}

function camel(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

const quote = (value: unknown) => (value === undefined ? 'null' : `'${String(value)}'`);

/** Collects modelled-constraint failures and throws them as one ValidationException, as AWS does. */
class Constraints {
  readonly problems: string[] = [];
  fail(member: string, value: unknown, rule: string): void {
    this.problems.push(`Value ${quote(value)} at '${camel(member)}' failed to satisfy constraint: ${rule}`);
  }
  required(member: string, value: unknown): void {
    if (value === undefined) this.fail(member, value, 'Member must not be null');
  }
  pattern(member: string, value: string | undefined, re: RegExp): void {
    if (value !== undefined && !re.test(value)) this.fail(member, value, `Member must satisfy regular expression pattern: ${re.source.replace(/^\^|\$$/g, '')}`);
  }
  maxLength(member: string, value: string | undefined, max: number): void {
    if (value !== undefined && value.length > max) this.fail(member, value, `Member must have length less than or equal to ${max}`);
  }
  range(member: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (value < min) this.fail(member, value, `Member must have value greater than or equal to ${min}`);
    else if (value > max) this.fail(member, value, `Member must have value less than or equal to ${max}`);
  }
  oneOf(member: string, value: string | undefined, values: readonly string[]): void {
    if (value !== undefined && !values.includes(value)) this.fail(member, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  check(): void {
    if (this.problems.length) throw validationError(this.problems);
  }
}

/** The settings members of CreateFunction / UpdateFunctionConfiguration, checked against the model and AWS's limits. */
export function readSettings(body: Body, c = new Constraints()): Partial<FunctionSettings> {
  const runtime = str(body, 'Runtime');
  const handler = str(body, 'Handler');
  const role = str(body, 'Role');
  const description = str(body, 'Description');
  const timeout = int(body, 'Timeout');
  const memorySize = int(body, 'MemorySize');
  c.oneOf('Runtime', runtime, RUNTIME_ENUM);
  c.maxLength('Handler', handler, 128);
  c.pattern('Handler', handler, HANDLER);
  c.pattern('Role', role, ROLE);
  c.maxLength('Description', description, 256);
  c.range('Timeout', timeout, 1, 900);
  c.range('MemorySize', memorySize, 128, 10240);
  const environment = readEnvironment(body, c);
  const architectures = readArchitectures(body, c);
  const ephemeralStorage = readEphemeralStorage(body, c);
  c.check();
  const settings: Partial<FunctionSettings> = { runtime, handler, role, description, timeout, memorySize, environment, architectures, ephemeralStorage };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Partial<FunctionSettings>;
}

function readEnvironment(body: Body, c: Constraints): Record<string, string> | undefined {
  const env = body.Environment;
  if (env === undefined || env === null) return undefined;
  if (typeof env !== 'object' || Array.isArray(env)) throw wrongType('Environment', 'Environment', env);
  const vars = (env as Body).Variables ?? {};
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) throw wrongType('Environment.Variables', 'Map', vars);
  const entries = Object.entries(vars as Body);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw wrongType(`Environment.Variables.${key}`, 'String', value);
    if (!ENV_KEY.test(key)) {
      c.problems.push(`Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${ENV_KEY_MODEL}]`);
      return undefined;
    }
  }
  return vars as Record<string, string>;
}

/** AWS's own checks on Environment.Variables beyond the model: reserved keys and the 4 KB total. */
export function checkEnvironment(vars: Record<string, string> | undefined): void {
  if (!vars) return;
  const reserved = Object.keys(vars).filter((k) => RESERVED_ENV_KEYS.includes(k));
  if (reserved.length) {
    throw new LambdaError(
      'InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(vars);
  if (Buffer.byteLength(measured) > ENV_LIMIT) {
    throw new LambdaError(
      'InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}

function readArchitectures(body: Body, c: Constraints): string[] | undefined {
  const value = body.Architectures;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw wrongType('Architectures', 'List', value);
  if (value.length !== 1) c.fail('Architectures', `[${value.join(', ')}]`, 'Member must have length less than or equal to 1');
  for (const arch of value as string[]) c.oneOf('Architectures', arch, ['x86_64', 'arm64']);
  return value as string[];
}

function readEphemeralStorage(body: Body, c: Constraints): number | undefined {
  const value = body.EphemeralStorage;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType('EphemeralStorage', 'EphemeralStorage', value);
  const size = int(value as Body, 'Size');
  c.required('EphemeralStorage.Size', size);
  c.range('EphemeralStorage.Size', size, 512, 10240);
  return size;
}

/** What CreateFunction asks for, checked. */
export interface CreateRequest {
  name: string;
  settings: Partial<FunctionSettings>;
  zip: Buffer;
  tags: Record<string, string>;
}

/** Reads and checks a CreateFunction body. Runtime support and the zip's contents are checked by the caller. */
export function readCreate(body: Body): CreateRequest {
  const c = new Constraints();
  const rawName = str(body, 'FunctionName');
  c.required('FunctionName', rawName);
  c.required('Role', body.Role ?? undefined);
  c.required('Code', body.Code ?? undefined);
  const name = rawName === undefined ? undefined : nameFromReference(rawName);
  if (rawName !== undefined && name === undefined) c.pattern('FunctionName', rawName, FUNCTION_NAME);
  const settings = readSettings(body, c);
  const packageType = str(body, 'PackageType');
  c.oneOf('PackageType', packageType, ['Zip', 'Image']);
  c.check();
  if (packageType === 'Image') throw new LambdaError('InvalidParameterValueException', 'The local Lambda runs .zip deployment packages only; PackageType Image is not supported.');
  if (!settings.runtime || !settings.handler) {
    throw new LambdaError('InvalidParameterValueException', 'Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  checkEnvironment(settings.environment);
  return { name: name as string, settings, zip: readZip(body.Code, 'Code'), tags: readTags(body) };
}

/** The ZipFile of a Code member or of an UpdateFunctionCode body. */
export function readZip(code: unknown, member: string): Buffer {
  if (typeof code !== 'object' || code === null || Array.isArray(code)) throw wrongType(member, 'FunctionCode', code);
  const zip = str(code as Body, 'ZipFile');
  if (zip === undefined) {
    throw new LambdaError('InvalidParameterValueException', 'The local Lambda takes code as ZipFile only (S3Bucket/S3Key and ImageUri are not supported); please provide ZipFile.');
  }
  const compact = zip.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw wrongType(`${member}.ZipFile`, 'Blob (base64)', '<not base64>');
  return Buffer.from(compact, 'base64');
}

function readTags(body: Body): Record<string, string> {
  const tags = body.Tags;
  if (tags === undefined || tags === null) return {};
  if (typeof tags !== 'object' || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string')) throw wrongType('Tags', 'Map', tags);
  return tags as Record<string, string>;
}

/**
 * The function name in a reference: `name`, `name:qualifier`, `123456789012:function:name[:q]`
 * or `arn:aws:lambda:region:123456789012:function:name[:q]` (with its region); undefined when it
 * is none of these.
 */
export function parseFunctionRef(ref: string): { name: string; qualifier?: string; region?: string } | undefined {
  const m = /^(?:arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):\d{12}:function:|\d{12}:function:)?([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/.exec(ref);
  if (!m) return undefined;
  const [, region, name, qualifier] = m as unknown as [string, string | undefined, string, string | undefined];
  return { name, ...(qualifier === undefined ? {} : { qualifier }), ...(region === undefined ? {} : { region }) };
}

function nameFromReference(ref: string): string | undefined {
  const parsed = parseFunctionRef(ref);
  return parsed && parsed.qualifier === undefined ? parsed.name : undefined;
}

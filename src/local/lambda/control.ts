import { randomUUID } from 'node:crypto';
import { functionArn } from '../../lib/arn';
import { sha256, unzip } from './code';
import { functionNotFound, LambdaError, validationError } from './errors';
import type { Invoker } from './invoker';
import { toConfiguration, type FunctionRecord, type Placement } from './model';
import type { Runtimes } from './runtimes';
import type { FunctionStore } from './store';
import { checkEnvironment, parseFunctionRef, readCreate, readSettings, readZip, str, type Body } from './validate';

/** ListFunctions returns at most this many functions per page, whatever MaxItems asks. */
export const PAGE_LIMIT = 50;

const FUNCTION_REF = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

/** The function-level operations: create, read, list, update and delete functions. */
export class Functions {
  constructor(
    readonly store: FunctionStore,
    private readonly runtimes: Runtimes,
    private readonly invoker: Invoker,
    readonly at: Placement & { endpoint(): string },
  ) {}

  arnOf(name: string): string {
    return functionArn(this.at.region, this.at.accountId, name);
  }

  configuration(fn: FunctionRecord): Record<string, unknown> {
    return toConfiguration(fn, this.at);
  }

  /** The function a FunctionName (and Qualifier) names; 404 for unknown functions and for any qualifier but $LATEST. */
  find(ref: string, qualifier?: string | null): FunctionRecord {
    const parsed = parseFunctionRef(ref);
    if (!parsed) throw validationError([`Value '${ref}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_REF}`]);
    if (qualifier !== undefined && qualifier !== null && !/^[a-zA-Z0-9$_-]{1,128}$/.test(qualifier)) {
      throw validationError([`Value '${qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)`]);
    }
    // An ARN of another region names a function this endpoint cannot reach, as AWS answers.
    if (parsed.region && parsed.region !== this.at.region) {
      throw new LambdaError('ResourceNotFoundException', `Functions from '${parsed.region}' are not reachable in this region ('${this.at.region}')`);
    }
    if (parsed.qualifier && qualifier && parsed.qualifier !== qualifier) {
      throw new LambdaError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
    }
    const q = qualifier ?? parsed.qualifier;
    const fn = this.store.get(parsed.name);
    const arn = this.arnOf(parsed.name) + (q ? `:${q}` : '');
    if (!fn || (q !== undefined && q !== '$LATEST')) throw functionNotFound(arn);
    return fn;
  }

  create(body: Body): FunctionRecord {
    const request = readCreate(body);
    this.runtimes.languageOf(request.settings.runtime as string);
    if (this.store.get(request.name)) throw new LambdaError('ResourceConflictException', `Function already exist: ${request.name}`);
    const files = unzip(request.zip);
    const fn: FunctionRecord = {
      name: request.name,
      runtime: '',
      handler: '',
      role: '',
      description: '',
      timeout: 3,
      memorySize: 128,
      architectures: ['x86_64'],
      ephemeralStorage: 512,
      ...request.settings,
      tags: request.tags,
      codeSha256: sha256(request.zip),
      codeSize: request.zip.length,
      lastModified: new Date().toISOString(),
      revisionId: randomUUID(),
      policy: [],
      codeDir: '',
    };
    this.store.saveCode(fn, request.zip, files);
    this.store.save(fn);
    return fn;
  }

  /** GetFunction's answer: the configuration and a URL that serves the package. */
  describe(fn: FunctionRecord): Record<string, unknown> {
    const location = `${this.at.endpoint()}/2015-03-31/functions/${encodeURIComponent(fn.name)}/code.zip?revision=${fn.revisionId}`;
    return {
      Configuration: this.configuration(fn),
      Code: { RepositoryType: 'S3', Location: location },
      ...(Object.keys(fn.tags).length ? { Tags: fn.tags } : {}),
    };
  }

  /** One page of ListFunctions, in name order, with NextMarker when more follow. */
  list(query: URLSearchParams): Record<string, unknown> {
    const maxItems = query.get('MaxItems');
    const version = query.get('FunctionVersion');
    const problems: string[] = [];
    if (maxItems !== null && (!/^-?\d+$/.test(maxItems) || Number(maxItems) < 1 || Number(maxItems) > 10000)) {
      problems.push(`Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value ${Number(maxItems) > 10000 ? 'less than or equal to 10000' : 'greater than or equal to 1'}`);
    }
    if (version !== null && version !== 'ALL') problems.push(`Value '${version}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`);
    if (problems.length) throw validationError(problems);
    const size = Math.min(maxItems === null ? PAGE_LIMIT : Number(maxItems), PAGE_LIMIT);
    const after = decodeMarker(query.get('Marker'));
    const all = this.store.list().filter((fn) => after === undefined || fn.name > after);
    const page = all.slice(0, size);
    const next = all.length > size ? encodeMarker((page[page.length - 1] as FunctionRecord).name) : undefined;
    return { Functions: page.map((fn) => this.configuration(fn)), ...(next ? { NextMarker: next } : {}) };
  }

  updateConfiguration(fn: FunctionRecord, body: Body): FunctionRecord {
    checkRevision(fn, str(body, 'RevisionId'));
    const settings = readSettings(body);
    if (settings.runtime) this.runtimes.languageOf(settings.runtime);
    checkEnvironment(settings.environment);
    const environment = body.Environment === undefined ? fn.environment : settings.environment && Object.keys(settings.environment).length ? settings.environment : undefined;
    Object.assign(fn, settings, { environment });
    return this.changed(fn);
  }

  updateCode(fn: FunctionRecord, body: Body): FunctionRecord {
    checkRevision(fn, str(body, 'RevisionId'));
    const zip = readZip(body, 'UpdateFunctionCodeRequest');
    const files = unzip(zip);
    if (body.DryRun === true) return { ...fn, codeSha256: sha256(zip), codeSize: zip.length };
    const updated = this.changed(fn, false);
    updated.codeSha256 = sha256(zip);
    updated.codeSize = zip.length;
    this.store.saveCode(updated, zip, files);
    this.store.save(updated);
    return updated;
  }

  delete(ref: string, qualifier: string | null): void {
    if (qualifier === '$LATEST') throw new LambdaError('InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.');
    const fn = this.find(ref, qualifier);
    this.invoker.remove(fn.name);
    this.store.delete(fn.name);
  }

  /** Records a change: new revision and time, warm processes retired. */
  changed(fn: FunctionRecord, save = true): FunctionRecord {
    fn.revisionId = randomUUID();
    fn.lastModified = new Date().toISOString();
    this.invoker.reset(fn.name);
    if (save) this.store.save(fn);
    return fn;
  }
}

/** PreconditionFailedException when a RevisionId is given and is not the function's current one. */
export function checkRevision(fn: FunctionRecord, revisionId: string | undefined | null): void {
  if (revisionId && revisionId !== fn.revisionId) {
    throw new LambdaError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
  }
}

function encodeMarker(name: string): string {
  return Buffer.from(JSON.stringify({ after: name })).toString('base64url');
}

function decodeMarker(marker: string | null): string | undefined {
  if (marker === null || marker === '') return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // falls through to the refusal
  }
  throw new LambdaError('InvalidParameterValueException', `Invalid marker: ${marker}`);
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipFolder, sha256 } from './code';
import type { Functions } from './control';
import type { FunctionRecord } from './model';
import { FUNCTION_NAME, type Body } from './validate';

/** The role folder-deployed functions get; the local Lambda takes any well-formed role ARN. */
export const DEFAULT_ROLE = 'arn:aws:iam::000000000000:role/local-lambda-role';

/** What a folder's optional function.json may set (camelCase; every key optional). */
export interface FolderConfig {
  runtime?: string;
  handler?: string;
  timeout?: number;
  memorySize?: number;
  description?: string;
  environment?: Record<string, string>;
  role?: string;
}

const NODE_ENTRIES = ['index.js', 'index.mjs', 'index.cjs'];

/** Runtime and handler from the folder's files when function.json does not say: index.* is Node, lambda_function.py is Python. */
export function defaultsFor(dir: string, config: FolderConfig): { runtime: string; handler: string } {
  const runtime = config.runtime ?? (existsSync(path.join(dir, 'lambda_function.py')) ? 'python3.12' : NODE_ENTRIES.some((f) => existsSync(path.join(dir, f))) ? 'nodejs20.x' : undefined);
  if (!runtime) throw new Error('no function.json runtime, and neither index.js/.mjs/.cjs nor lambda_function.py to tell it by');
  const handler = config.handler ?? (runtime.startsWith('python') ? 'lambda_function.lambda_handler' : 'index.handler');
  return { runtime, handler };
}

/** The CreateFunction body a folder stands for. */
export function folderRequest(name: string, dir: string): Body {
  const file = path.join(dir, 'function.json');
  const config = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FolderConfig) : {};
  const { runtime, handler } = defaultsFor(dir, config);
  return {
    FunctionName: name,
    Runtime: runtime,
    Handler: handler,
    Role: config.role ?? DEFAULT_ROLE,
    Description: config.description ?? '',
    Timeout: config.timeout ?? 3,
    MemorySize: config.memorySize ?? 128,
    Environment: { Variables: config.environment ?? {} },
    Code: { ZipFile: zipFolder(dir).toString('base64') },
  };
}

function sameSettings(fn: FunctionRecord, body: Body): boolean {
  const env = (body.Environment as { Variables: Record<string, string> }).Variables;
  return (
    fn.runtime === body.Runtime &&
    fn.handler === body.Handler &&
    fn.role === body.Role &&
    fn.description === body.Description &&
    fn.timeout === body.Timeout &&
    fn.memorySize === body.MemorySize &&
    JSON.stringify(fn.environment ?? {}) === JSON.stringify(env)
  );
}

/** Deploys (or redeploys, when its code or settings changed) one folder as a function. */
export function deployFolder(fns: Functions, name: string, dir: string): 'created' | 'updated' | 'unchanged' {
  const body = folderRequest(name, dir);
  const zip = (body.Code as { ZipFile: string }).ZipFile;
  const existing = fns.store.get(name);
  if (!existing) {
    fns.create(body);
    return 'created';
  }
  let result: 'updated' | 'unchanged' = 'unchanged';
  if (existing.codeSha256 !== sha256(Buffer.from(zip, 'base64'))) {
    fns.updateCode(existing, { ZipFile: zip });
    result = 'updated';
  }
  if (!sameSettings(existing, body)) {
    fns.updateConfiguration(existing, Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'FunctionName' && k !== 'Code')));
    result = 'updated';
  }
  return result;
}

/** Deploys every folder under `root` whose name is a valid function name; a folder that fails is reported and skipped. */
export function deployFolders(fns: Functions, root: string | undefined): Map<string, string> {
  const outcome = new Map<string, string>();
  if (!root || !existsSync(root)) return outcome;
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || !FUNCTION_NAME.test(entry.name) || entry.name === 'node_modules') continue;
    try {
      outcome.set(entry.name, deployFolder(fns, entry.name, path.join(root, entry.name)));
    } catch (err) {
      outcome.set(entry.name, `failed: ${(err as Error).message}`);
      process.stderr.write(`local lambda: could not deploy ${path.join(root, entry.name)}: ${(err as Error).message}\n`);
    }
  }
  return outcome;
}

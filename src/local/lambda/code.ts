import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { LambdaError } from './errors';

/** AWS's limit on the unzipped size of a deployment package. */
export const UNZIPPED_LIMIT = 262_144_000;

/** Fixed entry time so that zipping the same files twice gives the same bytes (and CodeSha256). */
const ZIP_TIME = new Date('1980-01-02T00:00:00Z');

/** Files a folder deploy leaves out of the package. */
const SKIPPED = new Set(['function.json', '__pycache__', '.DS_Store', '.git']);

/** base64 SHA-256, the form of CodeSha256. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

function unzippable(): LambdaError {
  return new LambdaError('InvalidParameterValueException', 'Could not unzip uploaded file. Please check your file, then try to upload again.');
}

/** The archive's files by safe relative path; refuses archives that are not zips, escape their folder or unzip past AWS's limit. */
export function unzip(zip: Buffer): Map<string, Uint8Array> {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        total += file.originalSize;
        return !file.name.endsWith('/');
      },
    });
  } catch {
    throw unzippable();
  }
  if (total > UNZIPPED_LIMIT) throw new LambdaError('InvalidParameterValueException', `Unzipped size must be smaller than ${UNZIPPED_LIMIT} bytes`);
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    const normal = path.posix.normalize(name.replace(/\\/g, '/'));
    if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal)) throw unzippable();
    out.set(normal, data);
  }
  return out;
}

/** Writes unzipped files under `dir`. */
export function writeFiles(files: Map<string, Uint8Array>, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of files) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
}

/** Zips a folder's files (not function.json or caches) with fixed times: same files, same bytes. */
export function zipFolder(dir: string): Buffer {
  const tree: Zippable = {};
  const walk = (from: string, into: Zippable) => {
    for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (SKIPPED.has(entry.name)) continue;
      const full = path.join(from, entry.name);
      if (entry.isDirectory()) {
        const sub: Zippable = {};
        into[entry.name] = sub;
        walk(full, sub);
      } else if (entry.isFile()) {
        into[entry.name] = readFileSync(full);
      }
    }
  };
  walk(dir, tree);
  return Buffer.from(zipSync(tree, { mtime: ZIP_TIME, level: 6 }));
}

/** Zips files given by name and content (tests and tools build packages with it). */
export function zipFiles(files: Record<string, string | Uint8Array>): Buffer {
  const tree: Zippable = {};
  for (const [name, content] of Object.entries(files)) {
    tree[name] = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
  return Buffer.from(zipSync(tree, { mtime: ZIP_TIME }));
}

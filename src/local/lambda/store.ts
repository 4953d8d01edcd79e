import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzip, writeFiles } from './code';
import type { FunctionRecord } from './model';

/**
 * The functions of the local Lambda and their code on disk: `<root>/<name>/meta.json` (settings,
 * policy, tags), `code.zip` (the package GetFunction serves) and the unzipped code the runs use.
 * The root is `${dataDir}/lambda/functions` (kept across restarts) or a temporary folder.
 */
export class FunctionStore {
  private readonly records = new Map<string, FunctionRecord>();
  readonly root: string;
  private readonly temporary: boolean;

  constructor(dataDir?: string) {
    this.temporary = !dataDir;
    this.root = dataDir ? path.join(dataDir, 'lambda', 'functions') : mkdtempSync(path.join(tmpdir(), 'local-lambda-'));
    mkdirSync(this.root, { recursive: true });
    if (dataDir) this.load();
  }

  get(name: string): FunctionRecord | undefined {
    return this.records.get(name);
  }

  /** Every function, by name. */
  list(): FunctionRecord[] {
    return [...this.records.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Absolute folder of a function's unzipped code. */
  codePath(fn: FunctionRecord): string {
    return path.join(this.root, fn.name, fn.codeDir);
  }

  /** Absolute path of a function's deployment package. */
  zipPath(name: string): string {
    return path.join(this.root, name, 'code.zip');
  }

  /** Stores new code for a function: the zip, its files unzipped into a fresh folder (runs still using the old one keep it until they end). */
  saveCode(fn: FunctionRecord, zip: Buffer, files: Map<string, Uint8Array>): void {
    const dir = path.join(this.root, fn.name);
    mkdirSync(dir, { recursive: true });
    const previous = fn.codeDir;
    fn.codeDir = `code-${fn.revisionId}`;
    writeFiles(files, path.join(dir, fn.codeDir));
    atomicWrite(path.join(dir, 'code.zip'), zip);
    if (previous && previous !== fn.codeDir) rmSync(path.join(dir, previous), { recursive: true, force: true });
  }

  /** Records a function's settings (after saveCode for a new one). */
  save(fn: FunctionRecord): void {
    this.records.set(fn.name, fn);
    const dir = path.join(this.root, fn.name);
    mkdirSync(dir, { recursive: true });
    atomicWrite(path.join(dir, 'meta.json'), Buffer.from(JSON.stringify(fn, null, 2)));
  }

  delete(name: string): void {
    this.records.delete(name);
    rmSync(path.join(this.root, name), { recursive: true, force: true });
  }

  /** Removes the temporary root; a data directory stays. */
  close(): void {
    if (this.temporary) rmSync(this.root, { recursive: true, force: true });
  }

  private load(): void {
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(this.root, entry.name);
      try {
        const fn = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as FunctionRecord;
        if (!existsSync(path.join(dir, fn.codeDir))) writeFiles(unzip(readFileSync(path.join(dir, 'code.zip'))), path.join(dir, fn.codeDir));
        this.records.set(fn.name, fn);
      } catch (err) {
        process.stderr.write(`local lambda: skipping ${dir}, which holds no readable function (${(err as Error).message})\n`);
      }
    }
  }
}

function atomicWrite(file: string, data: Buffer): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

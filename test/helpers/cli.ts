import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface CliRun {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first log line whose msg matches, or rejects when the process ends first. */
  waitFor(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `src/main.ts` in a child process as `npm start` runs the build: NODE_ENV is not "test"
 * (as under jest), so libraries behave as they do for a user.
 */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): CliRun {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...env };
  delete childEnv.NODE_ENV;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, ['-r', './test/helpers/ts-register.js', 'src/main.ts', ...args], { cwd: ROOT, env: childEnv });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => out,
    exited,
    async waitFor(msg, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let ended = false;
      void exited.then(() => (ended = true));
      for (;;) {
        const line = logLines(out).find((l) => msg.test(String(l.msg ?? '')));
        if (line) return line;
        if (ended || Date.now() > deadline) throw new Error(`no log line matching ${msg} (${ended ? 'process ended' : 'timed out'}); output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

function logLines(text: string): Array<Record<string, unknown>> {
  return text.split('\n').flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as unknown;
      return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

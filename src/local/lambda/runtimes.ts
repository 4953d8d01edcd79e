import { spawnSync } from 'node:child_process';
import { LambdaError } from './errors';

/** The languages the local Lambda can run; each runs on the machine's own interpreter. */
export type Language = 'node' | 'python';

/** Runtimes the local Lambda runs: Node ones on the machine's `node`, Python ones on its `python3`. */
export const SUPPORTED_RUNTIMES: Readonly<Record<string, Language>> = {
  'nodejs18.x': 'node',
  'nodejs20.x': 'node',
  'nodejs22.x': 'node',
  'python3.8': 'python',
  'python3.9': 'python',
  'python3.10': 'python',
  'python3.11': 'python',
  'python3.12': 'python',
  'python3.13': 'python',
};

/** Runtimes AWS no longer accepts for creating or updating functions, with the successor AWS names in its refusal. */
const DEPRECATED: Readonly<Record<string, string>> = {
  nodejs: 'nodejs22.x',
  'nodejs4.3': 'nodejs22.x',
  'nodejs4.3-edge': 'nodejs22.x',
  'nodejs6.10': 'nodejs22.x',
  'nodejs8.10': 'nodejs22.x',
  'nodejs10.x': 'nodejs22.x',
  'nodejs12.x': 'nodejs22.x',
  'nodejs14.x': 'nodejs22.x',
  'nodejs16.x': 'nodejs22.x',
  'python2.7': 'python3.13',
  'python3.6': 'python3.13',
  'python3.7': 'python3.13',
  'dotnetcore1.0': 'dotnet8',
  'dotnetcore2.0': 'dotnet8',
  'dotnetcore2.1': 'dotnet8',
  'dotnetcore3.1': 'dotnet8',
  dotnet6: 'dotnet8',
  'ruby2.5': 'ruby3.4',
  'ruby2.7': 'ruby3.4',
  'go1.x': 'provided.al2023',
  java8: 'java21',
  provided: 'provided.al2023',
};

/** Every value of the Runtime enum in the Lambda API model (botocore lambda 2015-03-31). */
export const RUNTIME_ENUM = [
  ...Object.keys(DEPRECATED),
  'java8.al2', 'java11', 'java17', 'java21', 'java25', 'dotnet8', 'dotnet10', 'ruby3.2', 'ruby3.3', 'ruby3.4', 'ruby4.0',
  'provided.al2', 'provided.al2023', 'nodejs24.x', 'python3.14',
  ...Object.keys(SUPPORTED_RUNTIMES),
];

/** The commands that run each language. */
export interface RuntimeCommands {
  node: string;
  python: string;
}

/** Which interpreters this machine has, looked up once. */
export class Runtimes {
  private readonly found = new Map<Language, string | null>();

  constructor(readonly commands: RuntimeCommands = { node: process.execPath, python: 'python3' }) {}

  /** The language of a runtime name, or the refusal AWS gives (or we give, for runtimes this machine can't run). */
  languageOf(runtime: string): Language {
    const language = SUPPORTED_RUNTIMES[runtime];
    if (language) {
      this.requireInterpreter(runtime, language);
      return language;
    }
    const successor = DEPRECATED[runtime];
    if (successor) {
      throw new LambdaError(
        'InvalidParameterValueException',
        `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${successor}) while creating or updating functions.`,
      );
    }
    throw new LambdaError(
      'InvalidParameterValueException',
      `The runtime parameter of ${runtime} is not supported by the local Lambda, which runs ${Object.keys(SUPPORTED_RUNTIMES).join(', ')}.`,
    );
  }

  private requireInterpreter(runtime: string, language: Language): void {
    if (this.executable(language)) return;
    throw new LambdaError(
      'InvalidParameterValueException',
      `The runtime parameter of ${runtime} needs ${this.commands[language]} on the machine that runs the local Lambda, and it was not found. Install it or choose a nodejs runtime.`,
    );
  }

  /**
   * The interpreter's own executable, or null when it does not start. Asking the interpreter
   * for its path skips wrappers such as pyenv's shims, which cost ~100 ms per process start.
   */
  executable(language: Language): string | null {
    let found = this.found.get(language);
    if (found === undefined) {
      const command = this.commands[language];
      const ask = language === 'python' ? ['-c', 'import sys; print(sys.executable)'] : ['-p', 'process.execPath'];
      const out = spawnSync(command, ask, { encoding: 'utf8', timeout: 10_000 });
      found = out.status === 0 ? out.stdout.trim() || command : null;
      this.found.set(language, found);
    }
    return found;
  }
}

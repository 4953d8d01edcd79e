import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/** The process logger: JSON lines on stdout, never request bodies or credentials. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: undefined, redact: ['req.headers.authorization', 'credentials'] });
}

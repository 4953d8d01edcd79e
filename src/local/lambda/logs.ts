/** How much of the log Invoke returns with LogType=Tail. */
export const LOG_TAIL_BYTES = 4096;

/** What the platform lines of one invocation's log say. */
export interface ReportFacts {
  requestId: string;
  durationMs: number;
  memorySize: number;
  maxMemoryMb?: number;
  initMs?: number;
}

/** AWS's REPORT line: tab-separated facts, each followed by a tab. */
export function reportLine(facts: ReportFacts): string {
  const parts = [
    `REPORT RequestId: ${facts.requestId}`,
    `Duration: ${facts.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(facts.durationMs))} ms`,
    `Memory Size: ${facts.memorySize} MB`,
    `Max Memory Used: ${facts.maxMemoryMb ?? 0} MB`,
  ];
  if (facts.initMs !== undefined) parts.push(`Init Duration: ${facts.initMs.toFixed(2)} ms`);
  return `${parts.join('\t')}\t\n`;
}

/** Text as whole lines. */
function lines(text = ''): string {
  return text && !text.endsWith('\n') ? `${text}\n` : text;
}

/** One invocation's whole log: init output (cold start), START, the function's output, END, REPORT, and any platform note after it. */
export function invocationLog(facts: ReportFacts, output: string, after = '', init = ''): string {
  return `${lines(init)}START RequestId: ${facts.requestId} Version: $LATEST\n${lines(output)}END RequestId: ${facts.requestId}\n${reportLine(facts)}${after}`;
}

/** The line AWS logs when a run is stopped at its timeout. */
export function timeoutLine(requestId: string, durationMs: number, at = new Date()): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${(durationMs / 1000).toFixed(2)} seconds\n`;
}

/** The last 4 KB of a log, base64, as X-Amz-Log-Result carries it (cut on a character boundary). */
export function logTail(log: string, limit = LOG_TAIL_BYTES): string {
  let bytes = Buffer.from(log, 'utf8');
  if (bytes.length > limit) {
    bytes = bytes.subarray(bytes.length - limit);
    let skip = 0;
    while (skip < bytes.length && ((bytes[skip] as number) & 0xc0) === 0x80) skip++;
    bytes = bytes.subarray(skip);
  }
  return bytes.toString('base64');
}

/** How much of a run's output is kept: only its end is ever returned, so a chatty run can't grow the server. */
export const LOG_KEEP_CHARS = 65_536;

/** A run's output as it arrives, keeping the last LOG_KEEP_CHARS characters. */
export class LogBuffer {
  private parts: string[] = [];
  private size = 0;

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 2 * LOG_KEEP_CHARS) {
      const kept = this.parts.join('').slice(-LOG_KEEP_CHARS);
      this.parts = [kept];
      this.size = kept.length;
    }
  }

  toString(): string {
    return this.parts.join('');
  }
}

/**
 * The per-invocation log budget, host side: at most `lines` lines and `bytes` bytes are kept, a line
 * longer than `lineBytes` is truncated, and whatever is over is counted and reported once, as a marker
 * line at the end of the invocation ("… N log lines dropped"). The sandbox applies the same budget before
 * a line even crosses (sandbox-source.ts `log`) and reports what it dropped, so a function logging
 * 200,000 lines costs the host about `lines` calls, not 200,000; this side holds whatever reaches it.
 */
import type { Json } from '../../shared/index.js';

export interface LogLimits {
  /** Log lines kept per invocation; the rest are dropped with one marker line. */
  lines: number;
  /** Bytes of log kept per invocation (messages and fields, as UTF-8 JSON). */
  bytes: number;
  /** Longest single line (message + fields); a longer one is truncated. */
  lineBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { lines: 1_000, bytes: 256 * 1024, lineBytes: 8 * 1024 };

export interface KeptLine {
  message: string;
  fields?: Json;
}

export class LogBudget {
  private lines = 0;
  private bytes = 0;
  private droppedHere = 0;
  private droppedInSandbox = 0;
  /** The sandbox reported drops but not its final count (the invocation timed out): a lower bound. */
  private partial = false;

  constructor(readonly limits: LogLimits = DEFAULT_LOG_LIMITS) {}

  /** Nothing more can be kept: the caller may count a drop without even parsing the line. */
  get full(): boolean {
    return this.lines >= this.limits.lines || this.bytes >= this.limits.bytes;
  }

  drop(n = 1): void {
    this.droppedHere += n;
  }

  /** The line as it is kept (truncated if too long), or undefined when it is over the budget (counted). */
  admit(message: string, fields?: Json): KeptLine | undefined {
    if (this.full) return this.drop(), undefined;
    const { lineBytes } = this.limits;
    let text = message;
    let kept: Json | undefined = fields;
    let note = '';
    const fieldsSize = fields === undefined ? 0 : Buffer.byteLength(JSON.stringify(fields) ?? '');
    // Characters first: a huge message is never measured (a UTF-8 byte count is at least its length).
    const long = text.length > lineBytes || Buffer.byteLength(text) > lineBytes;
    if (fieldsSize > 0 && (long || Buffer.byteLength(text) + fieldsSize > lineBytes)) {
      kept = undefined;
      note = ' (fields dropped: over the line limit)';
    }
    if (long) text = truncateUtf8(text, lineBytes) + ' … (truncated)';
    text += note;
    const size = Buffer.byteLength(text) + (kept === undefined ? 0 : fieldsSize);
    if (this.bytes + size > this.limits.bytes) return this.drop(), undefined;
    this.lines++;
    this.bytes += size;
    return kept === undefined ? { message: text } : { message: text, fields: kept };
  }

  /** The sandbox's own count of lines it dropped: a running total, then the final one when it settles. */
  sandboxDropped(total: number, final = false): void {
    if (!Number.isFinite(total)) return;
    if (total > this.droppedInSandbox) this.droppedInSandbox = Math.floor(total);
    this.partial = !final;
  }

  get dropped(): number {
    return this.droppedHere + this.droppedInSandbox;
  }

  /** The one marker line of an invocation that lost lines, or undefined. */
  marker(): string | undefined {
    const n = this.dropped;
    if (n === 0) return undefined;
    const count = this.partial ? `at least ${n} log lines` : `${n} log line${n === 1 ? '' : 's'}`;
    return `… ${count} dropped (over the per-invocation limit of ${this.limits.lines} lines / ${this.limits.bytes} bytes)`;
  }
}

function truncateUtf8(text: string, bytes: number): string {
  const buf = Buffer.from(text.length > bytes ? text.slice(0, bytes) : text);
  if (buf.length <= bytes) return text.length > bytes ? text.slice(0, bytes) : text;
  // Cut at a character boundary: drop UTF-8 continuation bytes at the cut.
  let end = bytes;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/**
 * The host side of the sandbox protocol (sandbox-source.ts), shared by both runtimes: one table per
 * instance maps an invocation's `seq` to its HostContext, serves the sandbox's requests (fetch, emit,
 * sleep) and notifications (logs), and turns result envelopes into outputs or FunctionErrors. Requests
 * never reject: failures travel as envelopes, so no host error object ever crosses into the sandbox.
 */
import type { Json } from '../../shared/index.js';
import type { CloudEvent, FunctionVersion } from '../../ports/index.js';
import { FN_ERROR_CODES, FunctionError, type FunctionErrorCode, fnRuntime } from '../errors.js';
import type { FetchInit, HostContext, LogLevel } from './runtime.js';
import { DEFAULT_LOG_LIMITS, LogBudget } from './log-budget.js';

interface Open {
  ctx: HostContext;
  deadline: number;
  sleeps: Set<{ timer?: NodeJS.Timeout; resolve: (text: string) => void }>;
  logs: LogBudget;
}

/** Codes a function may surface by not catching what `ctx` threw; anything else it throws is a runtime error. */
const PASS_THROUGH = new Set<string>([FN_ERROR_CODES.egress, FN_ERROR_CODES.secret]);
const LEVELS = new Set<string>(['debug', 'info', 'warn', 'error']);
const ENDED = JSON.stringify({ ok: false, error: { code: FN_ERROR_CODES.runtime, message: 'the invocation has ended' } });

export class InvocationTable {
  private readonly open = new Map<number, Open>();
  private lastSeq = 0;
  /** Console output while the bundle loads (within a budget), replayed into the first invocation's log. */
  private initLogs: [LogLevel, string, Json | undefined][] | undefined = [];
  private initBudget = new LogBudget(DEFAULT_LOG_LIMITS);

  constructor(private readonly version: FunctionVersion) {}

  /** Registers an invocation; returns its seq, the meta JSON the sandbox builds `ctx` from, and its deadline. */
  begin(ctx: HostContext, now = Date.now()): { seq: number; meta: string; deadline: number } {
    const { manifest } = this.version;
    const deadline = Math.min(ctx.deadline, now + manifest.timeoutMs);
    // Granted secrets are resolved up front: `ctx.secrets.get` is synchronous, and a worker cannot make a
    // synchronous call to the main thread. Names not granted never reach the host at all.
    const secrets: Record<string, string | null> = {};
    for (const name of manifest.secrets) {
      try {
        secrets[name] = ctx.secret(name) ?? null;
      } catch (err) {
        throw err instanceof FunctionError ? err : new FunctionError(FN_ERROR_CODES.secret, `secret ${JSON.stringify(name)} could not be read`, { cause: err });
      }
    }
    const seq = ++this.lastSeq;
    const limits = ctx.logLimits ?? DEFAULT_LOG_LIMITS;
    const inv: Open = { ctx, deadline, sleeps: new Set(), logs: new LogBudget(limits) };
    this.open.set(seq, inv);
    if (this.initLogs) {
      for (const [level, message, fields] of this.initLogs) this.keep(inv, level, message, fields);
      inv.logs.drop(this.initBudget.dropped);
      this.initLogs = undefined;
    }
    // The sandbox applies the same budget before a line crosses (sandbox-source.ts).
    const meta = { invocationId: ctx.invocationId, idempotencyKey: ctx.idempotencyKey, deadline, traceparent: ctx.traceparent, secrets, logs: limits };
    return { seq, meta: JSON.stringify(meta), deadline };
  }

  /**
   * Ends an invocation: its pending timers are cancelled and later calls from it are refused; if it lost
   * log lines to its budget, one marker line says how many.
   */
  end(seq: number): void {
    const inv = this.open.get(seq);
    if (!inv) return;
    this.open.delete(seq);
    const marker = inv.logs.marker();
    if (marker) inv.ctx.log('warn', marker);
    for (const s of inv.sleeps) {
      clearTimeout(s.timer);
      s.resolve(ENDED);
    }
  }

  /** Ends every invocation (the instance is going away). */
  endAll(): void {
    for (const seq of [...this.open.keys()]) this.end(seq);
  }

  get size(): number {
    return this.open.size;
  }

  notify(op: string, seq: number, json: string): void {
    const inv = this.open.get(seq);
    const budget = inv?.logs ?? (this.initLogs && seq === 0 ? this.initBudget : undefined);
    if (!budget) return;
    if (op === 'dropped' || op === 'dropped-final') return budget.sandboxDropped(Number(json), op === 'dropped-final');
    if (op !== 'log') return;
    // Over budget: counted without even parsing the line.
    if (budget.full) return budget.drop();
    let entry: { level?: unknown; message?: unknown; fields?: Json };
    try {
      // The sandbox never sends a line much longer than lineBytes; anything else is cut, not parsed.
      entry = json.length > 8 * budget.limits.lineBytes + 1024 ? { message: json.slice(0, budget.limits.lineBytes) } : JSON.parse(json);
    } catch {
      return;
    }
    const level = (LEVELS.has(String(entry.level)) ? entry.level : 'info') as LogLevel;
    const message = String(entry.message);
    if (inv) this.keep(inv, level, message, entry.fields);
    else {
      const kept = budget.admit(message, entry.fields);
      if (kept) this.initLogs!.push([level, kept.message, kept.fields]);
    }
  }

  private keep(inv: Open, level: LogLevel, message: string, fields: Json | undefined): void {
    const kept = inv.logs.admit(message, fields);
    if (kept) inv.ctx.log(level, kept.message, kept.fields);
  }

  async request(op: string, seq: number, json: string): Promise<string> {
    const inv = this.open.get(seq);
    if (!inv) return ENDED;
    try {
      const args = JSON.parse(json);
      switch (op) {
        case 'fetch':
          return ok(await this.fetch(inv.ctx, String(args[0]), args[1] ?? {}));
        case 'emit':
          await inv.ctx.emit(args[0] as CloudEvent);
          return ok(null);
        case 'sleep':
          return await this.sleep(inv, Number(args));
        default:
          return failed(FN_ERROR_CODES.runtime, `unknown host call ${JSON.stringify(op)}`);
      }
    } catch (err) {
      if (err instanceof FunctionError) return failed(err.code, err.message);
      const message = err instanceof Error ? err.message : String(err);
      return failed(op === 'fetch' ? FN_ERROR_CODES.egress : FN_ERROR_CODES.runtime, op === 'fetch' ? `fetch failed: ${message}` : message);
    }
  }

  /** Parses a result envelope: the output, or the FunctionError the function's failure maps to. */
  settle(text: string): Json {
    const r = JSON.parse(text) as { ok: true; value: Json } | { ok: false; error: { code?: string; message: string; name?: string; stack?: string } };
    if (r.ok) return r.value;
    const code = (r.error.code !== undefined && PASS_THROUGH.has(r.error.code) ? r.error.code : FN_ERROR_CODES.runtime) as FunctionErrorCode;
    const cause = Object.assign(new Error(r.error.message), { name: r.error.name ?? 'Error', stack: r.error.stack });
    throw new FunctionError(code, r.error.message, { cause });
  }

  private async fetch(ctx: HostContext, url: string, init: FetchInit) {
    const res = await ctx.fetch(url, init);
    return { status: res.status, headers: res.headers, body: res.body };
  }

  private sleep(inv: Open, ms: number): Promise<string> {
    return new Promise((resolve) => {
      const entry: { timer?: NodeJS.Timeout; resolve: (text: string) => void } = { resolve };
      inv.sleeps.add(entry);
      // A timer due after the deadline is never armed: the invocation times out first, and end() settles it.
      if (Date.now() + ms <= inv.deadline) {
        entry.timer = setTimeout(() => {
          inv.sleeps.delete(entry);
          resolve(ok(null));
        }, ms);
      }
    });
  }
}

function ok(value: unknown): string {
  return JSON.stringify({ ok: true, value });
}

function failed(code: string, message: string): string {
  return JSON.stringify({ ok: false, error: { code, message } });
}

/** The message of an instance that failed to load, as the FunctionError create() rejects with. */
export function loadError(version: FunctionVersion, message: string, cause?: unknown): FunctionError {
  return fnRuntime(`function ${version.name}@${version.version} failed to load: ${message}`, cause);
}

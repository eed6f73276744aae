/**
 * The default FunctionRuntime: one isolated-vm isolate per instance, capped at the manifest's memoryMb, with
 * one context reused by every invocation of the instance. The sandbox sees standard JS plus what
 * sandbox-source.ts defines; host calls cross as JSON strings through one Reference (requests that
 * return promises) and two Callbacks (log lines, and completions in inline mode).
 *
 * Where user code runs (`mode`):
 * - 'threaded' (default): invocations are started with an async `apply`, so the function runs on
 *   isolated-vm's thread pool and never blocks the event loop; a host timer disposes the isolate at the
 *   deadline, which also stops a `while(true){}`. Costs a thread hop each way (~50–60 µs).
 * - 'inline': the synchronous part of an invocation runs on the calling thread with `applySync` (a few µs
 *   of overhead) — but for one slice only (INLINE_SLICE_MS): a call still computing then is cut, and run
 *   again from the start on the thread pool with the rest of its time, and its version goes to the thread
 *   pool from then on. A short function costs no thread hop; a long one holds the event loop one slice.
 *   Host requests the cut call made are refused (its invocation had ended), so nothing it asked for
 *   happens twice; state it left in the isolate's globals stays, as after any retried invocation.
 * Continuations after an await (ctx.fetch, timers) run on the thread pool in both modes.
 */
import type IsolatedVm from 'isolated-vm';
import type { Json } from '../../shared/index.js';
import type { FunctionVersion } from '../../ports/index.js';
import { FunctionError, fnOutOfMemory, fnRuntime, fnTimeout } from '../errors.js';
import { InvocationTable, loadError } from './invocations.js';
import { loadIsolatedVm } from './isolated-vm.js';
import type { FunctionRuntime, HostContext, Instance } from './runtime.js';
import { SANDBOX_SOURCE } from './sandbox-source.js';

export type IsolateMode = 'threaded' | 'inline';

export interface IsolateRuntimeOptions {
  mode?: IsolateMode;
}

// Loaded with this file: selectRuntime imports it lazily and falls back to worker threads when this throws.
const { ivm, version: ivmVersion } = loadIsolatedVm();

/** isolated-vm refuses memory limits below 8 MB. */
const MIN_MEMORY_MB = 8;

/** Longest an inline call may hold the event loop before it moves to the thread pool. */
export const INLINE_SLICE_MS = 20;

/** In `held`: the inline call settled (after the log lines it wrote before). */
const DONE = '\0done';

/** Versions (`name@version`) whose calls outran an inline slice: they run on the thread pool. */
const heavy = new Set<string>();

/** Wraps the shared sandbox with the isolate's transport; `done` is absent in threaded mode (results come back through the promise). */
const PRELUDE = `(function (sandbox) {
  return function (hostRef, notify, done) {
    const opts = { arguments: { copy: true }, result: { promise: true, copy: true } };
    return sandbox({
      request: (op, seq, json) => hostRef.apply(undefined, [op, seq, json], opts),
      notify: (op, seq, json) => { notify(op, seq, json); },
      done: done ? (seq, text) => { done(seq, text); } : () => {},
    });
  };
})`;

export function createIsolateRuntime(options: IsolateRuntimeOptions = {}): FunctionRuntime {
  const mode = options.mode ?? 'threaded';
  return { kind: 'isolate', engine: `isolated-vm ${ivmVersion}`, create: (version) => IsolateInstance.create(version, mode) };
}

interface Waiting {
  resolve(value: Json): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
  budgetMs: number;
}

// References into the sandbox are untyped: what crosses is checked as JSON text.
type Fn = IsolatedVm.Reference<any>;

class IsolateInstance implements Instance {
  private readonly waiting = new Map<number, Waiting>();
  /** An inline slice is running; its notifications (log lines) wait in `held` until it returns. */
  private slicing = false;
  private held: [string, number, string][] = [];
  private disposing = false;
  private lastMemory = 0;
  private api!: { start: Fn; wait: Fn; run: Fn };
  private hostRef!: IsolatedVm.Reference;

  private constructor(
    private readonly version: FunctionVersion,
    private readonly mode: IsolateMode,
    private readonly isolate: IsolatedVm.Isolate,
    private readonly table: InvocationTable,
  ) {}

  static async create(version: FunctionVersion, mode: IsolateMode): Promise<IsolateInstance> {
    const memoryLimit = Math.max(MIN_MEMORY_MB, version.manifest.memoryMb);
    const isolate = new ivm.Isolate({ memoryLimit });
    const inst = new IsolateInstance(version, mode, isolate, new InvocationTable(version));
    try {
      await inst.load();
      return inst;
    } catch (err) {
      const message = isolate.isDisposed ? `it exceeded its memory limit of ${memoryLimit} MB` : messageOf(err);
      inst.dispose();
      throw loadError(version, message, err);
    }
  }

  private async load(): Promise<void> {
    const { isolate, table, version } = this;
    const timeout = version.manifest.timeoutMs;
    const context = await isolate.createContext();
    this.hostRef = new ivm.Reference((op: string, seq: number, json: string) => table.request(op, seq, json));
    const notify = new ivm.Callback((op: string, seq: number, json: string) => {
      // Held while an inline slice runs: if the slice is cut, what it said is dropped with it.
      if (this.slicing) this.held.push([op, seq, json]);
      else table.notify(op, seq, json);
    });
    const done = this.mode === 'inline' ? new ivm.Callback((seq: number, text: string) => (this.slicing ? this.held.push([DONE, seq, text]) : this.settle(seq, text))) : undefined;
    const boot = await isolate.compileScript(`(${PRELUDE})(${SANDBOX_SOURCE})`, { filename: 'weft:sandbox' });
    const factory: Fn = await boot.run(context, { reference: true, timeout });
    const api: Fn = await factory.apply(undefined, [this.hostRef, notify, done], { result: { reference: true }, timeout });
    const bundle = await isolate.compileScript(version.code, { filename: `weft:${version.name}@${version.version}` });
    // The bundle's top-level code runs once per instance, bounded like an invocation.
    await bundle.run(context, { timeout });
    const init: Fn = await api.get('init', { reference: true });
    const problem = (await init.apply(undefined, [], { timeout })) as string;
    if (problem) throw new Error(problem);
    this.api = { start: await api.get('start', { reference: true }), wait: await api.get('wait', { reference: true }), run: await api.get('run', { reference: true }) };
  }

  private memoryReads = 0;

  get disposed(): boolean {
    return this.disposing || this.isolate.isDisposed;
  }

  get memoryBytes(): number {
    if (this.disposed) return 0;
    // Reading the heap of an isolate that is running on the thread pool would wait for it: report the last
    // figure. Otherwise sample every 16th read: the read costs a few µs, a warm call about ten.
    if (this.waiting.size === 0 && (this.memoryReads++ & 15) === 0) {
      const h = this.isolate.getHeapStatisticsSync();
      this.lastMemory = h.used_heap_size + h.externally_allocated_size;
    }
    return this.lastMemory;
  }

  invoke(input: Json, ctx: HostContext): Promise<Json> {
    if (this.disposed) return Promise.reject(fnRuntime(`${this.label} instance is disposed`));
    const { seq, meta, deadline } = this.table.begin(ctx);
    const budgetMs = Math.max(0, deadline - Date.now());
    const inputJson = JSON.stringify(input) ?? 'null';
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => this.timedOut(seq), budgetMs);
      this.waiting.set(seq, { resolve, reject, timer, budgetMs });
      if (this.mode === 'threaded' || heavy.has(this.label)) {
        this.runThreaded(seq, meta, inputJson);
        return;
      }
      const slice = Math.min(budgetMs, INLINE_SLICE_MS);
      this.slicing = true;
      try {
        this.api.start.applySync(undefined, [seq, meta, inputJson], { timeout: Math.max(1, slice) });
      } catch (err) {
        this.slicing = false;
        if (slice < budgetMs && /execution timed out/i.test(messageOf(err)) && !this.isolate.isDisposed) {
          this.held = [];
          heavy.add(this.label);
          this.again(seq, input, ctx);
          return;
        }
        this.release();
        this.failed(seq, err);
        return;
      }
      this.slicing = false;
      this.release();
      // Not settled synchronously: it awaits something. `wait` hands back its promise, which isolated-vm
      // abandons (rejects) if the isolate dies, e.g. out of memory in a continuation.
      if (this.waiting.has(seq)) {
        this.api.wait
          .apply(undefined, [seq], { result: { promise: true, copy: true } })
          .then((text) => text !== null && this.settle(seq, text as string), (err) => this.failed(seq, err));
      }
    });
  }

  /** Passes on what an inline slice said, once it returned. */
  private release(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const [op, seq, json] of held) {
      if (op === DONE) this.settle(seq, json);
      else this.table.notify(op, seq, json);
    }
  }

  private runThreaded(seq: number, meta: string, inputJson: string): void {
    this.api.run
      .apply(undefined, [seq, meta, inputJson], { result: { promise: true, copy: true } })
      .then((text) => this.settle(seq, text as string), (err) => this.failed(seq, err));
  }

  /** An inline call cut at its slice: ended (its host requests are refused), then run again on the thread pool. */
  private again(seq: number, input: Json, ctx: HostContext): void {
    const w = this.waiting.get(seq)!;
    this.waiting.delete(seq);
    clearTimeout(w.timer);
    this.table.end(seq);
    const next = this.table.begin(ctx);
    const budgetMs = Math.max(0, next.deadline - Date.now());
    this.waiting.set(next.seq, { ...w, timer: setTimeout(() => this.timedOut(next.seq), budgetMs), budgetMs: w.budgetMs });
    this.runThreaded(next.seq, next.meta, JSON.stringify(input) ?? 'null');
  }

  dispose(): void {
    if (this.disposing) return;
    this.disposing = true;
    this.table.endAll();
    for (const seq of [...this.waiting.keys()]) this.finish(seq)?.reject(fnRuntime(`${this.label} instance was disposed during the invocation`));
    this.hostRef?.release();
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private get label(): string {
    return `function ${this.version.name}@${this.version.version}`;
  }

  private finish(seq: number): Waiting | undefined {
    const w = this.waiting.get(seq);
    if (!w) return undefined;
    this.waiting.delete(seq);
    clearTimeout(w.timer);
    this.table.end(seq);
    return w;
  }

  private settle(seq: number, text: string): void {
    const w = this.finish(seq);
    if (!w) return;
    try {
      w.resolve(this.table.settle(text));
    } catch (err) {
      w.reject(err);
    }
  }

  private timedOut(seq: number): void {
    const w = this.finish(seq);
    if (!w) return;
    w.reject(fnTimeout(this.label, w.budgetMs));
    // The only way to stop code that may be spinning on the thread pool.
    this.dispose();
  }

  private failed(seq: number, err: unknown): void {
    const w = this.waiting.get(seq);
    if (!w) return;
    const message = messageOf(err);
    if (/execution timed out/i.test(message)) return this.timedOut(seq);
    this.finish(seq);
    if (this.isolate.isDisposed && !this.disposing) {
      // isolated-vm disposes an isolate itself only when it runs out of memory.
      w.reject(fnOutOfMemory(this.label, Math.max(MIN_MEMORY_MB, this.version.manifest.memoryMb)));
      this.dispose();
      return;
    }
    // What is left: isolated-vm fails the task in which a promise rejection went unhandled.
    w.reject(err instanceof FunctionError ? err : fnRuntime(`${this.label} failed: ${message}`, err));
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

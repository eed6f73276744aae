/**
 * The fallback FunctionRuntime, for hosts where isolated-vm cannot load: one worker thread per instance,
 * its V8 heap capped with `resourceLimits` (maxOldGenerationSizeMb = manifest memoryMb), the bundle
 * evaluated with `vm` in a context without Node globals (worker-source.ts), ctx calls proxied over the
 * worker's MessagePort to the same InvocationTable the isolate runtime uses. A timeout terminates the
 * worker, which stops any loop; running out of memory ends the worker, never the process.
 */
import { Worker } from 'node:worker_threads';
import type { Json } from '../../shared/index.js';
import type { FunctionVersion } from '../../ports/index.js';
import { fnOutOfMemory, fnRuntime, fnTimeout } from '../errors.js';
import { InvocationTable, loadError } from './invocations.js';
import type { FunctionRuntime, HostContext, Instance } from './runtime.js';
import { SANDBOX_SOURCE } from './sandbox-source.js';
import { WORKER_SOURCE } from './worker-source.js';

export function createWorkerRuntime(): FunctionRuntime {
  return { kind: 'worker', engine: 'node:worker_threads', create: (version) => WorkerInstance.create(version) };
}

interface Waiting {
  resolve(value: Json): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
  budgetMs: number;
}

type FromWorker =
  | ['ready', string]
  | ['request', number, string, number, string]
  | ['notify', string, number, string]
  | ['done', number, string, number]
  | ['rejected', string];

class WorkerInstance implements Instance {
  private readonly waiting = new Map<number, Waiting>();
  private readonly table: InvocationTable;
  private gone = false;
  private outOfMemory = false;
  private heapBytes = 0;

  private constructor(
    private readonly version: FunctionVersion,
    private readonly worker: Worker,
  ) {
    this.table = new InvocationTable(version);
  }

  static create(version: FunctionVersion): Promise<WorkerInstance> {
    const { manifest } = version;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { code: version.code, sandbox: SANDBOX_SOURCE, filename: `weft:${version.name}@${version.version}`, timeoutMs: manifest.timeoutMs },
      resourceLimits: { maxOldGenerationSizeMb: manifest.memoryMb, maxYoungGenerationSizeMb: Math.max(1, Math.min(16, manifest.memoryMb / 4)), stackSizeMb: 4 },
      // Nothing of the host's environment or flags: the sandbox cannot see them, but neither need the worker.
      env: {},
      argv: [],
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    const inst = new WorkerInstance(version, worker);
    return new Promise((resolve, reject) => {
      let loading = true;
      const fail = (message: string, cause?: unknown) => {
        loading = false;
        clearTimeout(loadTimer);
        inst.dispose();
        reject(loadError(version, message, cause));
      };
      const loadTimer = setTimeout(() => fail(`it did not load within ${manifest.timeoutMs} ms`), manifest.timeoutMs + 1_000);
      // Load-time console output (notify) may come before 'ready': one handler for everything.
      worker.on('message', (m: FromWorker) => {
        if (m[0] !== 'ready') return inst.onMessage(m);
        if (m[1]) return fail(m[1]);
        loading = false;
        clearTimeout(loadTimer);
        resolve(inst);
      });
      worker.on('error', (err: Error & { code?: string }) => {
        inst.outOfMemory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (loading) fail(inst.outOfMemory ? `it exceeded its memory limit of ${manifest.memoryMb} MB` : err.message, err);
        else inst.ended(err);
      });
      worker.on('exit', () => inst.ended());
      // An idle instance must not keep the process alive (in-flight invocations hold their deadline timer).
      // After the listeners: adding a 'message' listener refs the worker again.
      worker.unref();
    });
  }

  get disposed(): boolean {
    return this.gone;
  }

  get memoryBytes(): number {
    return this.gone ? 0 : this.heapBytes;
  }

  invoke(input: Json, ctx: HostContext): Promise<Json> {
    if (this.gone) return Promise.reject(fnRuntime(`${this.label} instance is disposed`));
    const { seq, meta, deadline } = this.table.begin(ctx);
    const budgetMs = Math.max(0, deadline - Date.now());
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => this.timedOut(seq), budgetMs);
      this.waiting.set(seq, { resolve, reject, timer, budgetMs });
      this.worker.postMessage(['run', seq, meta, JSON.stringify(input) ?? 'null']);
    });
  }

  dispose(): void {
    if (this.gone) return;
    this.gone = true;
    this.failAll(fnRuntime(`${this.label} instance was disposed during the invocation`));
    void this.worker.terminate();
  }

  private get label(): string {
    return `function ${this.version.name}@${this.version.version}`;
  }

  private onMessage(m: FromWorker): void {
    switch (m[0]) {
      case 'request': {
        const [, id, op, seq, json] = m;
        void this.table.request(op, seq, json).then((text) => {
          if (!this.gone) this.worker.postMessage(['reply', id, text]);
        });
        return;
      }
      case 'notify':
        return this.table.notify(m[1], m[2], m[3]);
      case 'rejected':
        return this.failAll(fnRuntime(`${this.label} failed: ${m[1]}`));
      case 'done': {
        this.heapBytes = m[3];
        const w = this.finish(m[1]);
        if (!w) return;
        try {
          w.resolve(this.table.settle(m[2]));
        } catch (err) {
          w.reject(err);
        }
      }
    }
  }

  private finish(seq: number): Waiting | undefined {
    const w = this.waiting.get(seq);
    if (!w) return undefined;
    this.waiting.delete(seq);
    clearTimeout(w.timer);
    this.table.end(seq);
    return w;
  }

  private timedOut(seq: number): void {
    const w = this.finish(seq);
    if (!w) return;
    w.reject(fnTimeout(this.label, w.budgetMs));
    this.dispose();
  }

  /** The worker ended on its own: out of memory, or a crash ('error' comes before 'exit'). */
  private ended(err?: Error): void {
    if (this.gone) return;
    this.gone = true;
    const reason = this.outOfMemory ? fnOutOfMemory(this.label, this.version.manifest.memoryMb) : fnRuntime(`${this.label} worker ended: ${err?.message ?? 'exited'}`, err);
    this.failAll(reason);
    void this.worker.terminate();
  }

  private failAll(err: Error): void {
    for (const seq of [...this.waiting.keys()]) this.finish(seq)?.reject(err);
    this.table.endAll();
  }
}

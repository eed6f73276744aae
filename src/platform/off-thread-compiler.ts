/**
 * Compiling a workflow document (parse, schema validation, every jq expression) costs ~15–30 µs per line:
 * a few hundred lines is a few ms, but the largest documents the bounds accept take 50–150 ms — longer
 * than any one request may hold the event loop. Documents over OFF_THREAD_CHARS are compiled on a worker
 * thread (one, documents in turn); smaller ones inline, where a thread hop would cost more than the work.
 * Run from TypeScript sources (tests), where no built worker exists, everything compiles inline.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Json } from '../shared/index.js';
import { compileDefinition } from './definition.js';
import { API_ERROR_CODES, ApiError, type ApiErrorCode } from './errors.js';

export const OFF_THREAD_CHARS = 16 * 1024;
/** A document still compiling after this is refused and the worker replaced. */
export const COMPILE_TIMEOUT_MS = 10_000;

type Reply = { id: number; definition?: Record<string, Json>; error?: { code?: ApiErrorCode; message: string; extra?: ApiError['extra'] } };

interface Waiting {
  resolve(definition: Record<string, Json>): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
}

export class OffThreadCompiler {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;
  private readonly script = new URL('./compile-worker.js', import.meta.url);
  private readonly available = existsSync(fileURLToPath(this.script));

  async compile(text: string): Promise<Record<string, Json>> {
    if (!this.available || text.length <= OFF_THREAD_CHARS) return compileDefinition(text);
    const worker = this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new ApiError(API_ERROR_CODES.invalidWorkflow, `the document took longer than ${COMPILE_TIMEOUT_MS} ms to validate`, { pointer: '' }));
        this.restart();
      }, COMPILE_TIMEOUT_MS);
      this.waiting.set(id, { resolve, reject, timer });
      worker.postMessage({ id, text });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: Reply) => this.answer(reply));
    // A crashed worker fails what it held; the next document starts a new one.
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the document compiler stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private restart(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new ApiError(API_ERROR_CODES.invalidWorkflow, 'the document compiler was restarted while this document waited', { pointer: '' }));
    void worker?.terminate();
  }

  private answer(reply: Reply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    clearTimeout(w.timer);
    if (reply.definition) w.resolve(reply.definition);
    else if (reply.error?.code) w.reject(new ApiError(reply.error.code, reply.error.message, reply.error.extra));
    else w.reject(new Error(reply.error?.message ?? 'the document compiler failed'));
  }

  private failAll(err: unknown): void {
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      this.waiting.delete(id);
      w.reject(err);
    }
  }
}

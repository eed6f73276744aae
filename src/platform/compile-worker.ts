/**
 * The worker side of off-thread-compiler.ts: compiles workflow documents (parse, validate, jq) one at a
 * time and posts back the definition or the ApiError's parts.
 */
import { parentPort } from 'node:worker_threads';
import { compileDefinition } from './definition.js';
import { ApiError } from './errors.js';

parentPort?.on('message', ({ id, text }: { id: number; text: string }) => {
  try {
    parentPort!.postMessage({ id, definition: compileDefinition(text) });
  } catch (err) {
    const error = err instanceof ApiError ? { code: err.code, message: err.message, extra: err.extra } : { message: err instanceof Error ? err.message : String(err) };
    parentPort!.postMessage({ id, error });
  }
});

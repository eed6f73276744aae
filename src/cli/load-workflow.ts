/**
 * Reads a workflow file for commands that run it: the façade's compileDefinition refuses invalid
 * documents and features not supported yet with a problem before any run starts.
 */
import { API_ERROR_CODES, ApiError, compileDefinition } from '../platform/index.js';
import type { Json } from '../shared/index.js';
import { type Problem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';
import { readDocumentFile } from './project-loader.js';

/** The compiled definition and the file's text as read (what a server registers). */
export type Loaded = { ok: true; definition: Record<string, Json>; text: string } | { ok: false; problem: Problem };

export function loadWorkflow(file: string): Loaded {
  let text: string;
  try {
    text = readDocumentFile(file);
  } catch (err) {
    return { ok: false, problem: usageProblem(CLI_ERROR_CODES.file, `cannot read ${file}: ${(err as Error).message}`) };
  }
  try {
    return { ok: true, definition: compileDefinition(text, file), text };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const { pointer, ...extra } = err.extra;
    const where = err.code === API_ERROR_CODES.unsupported ? { instance: pointer } : {};
    return { ok: false, problem: { type: err.type, title: err.title, status: err.status, detail: err.message, code: err.code, ...where, ...extra } };
  }
}

/**
 * What a failed function call answers with: the RFC 9457 problem a workflow's task faults with and the
 * HTTP API returns. Shared by deployed versions (invoker.ts) and drafts (draft-runner.ts), so that a draft
 * fails with the same status, code and type as the deployed version of the same code would.
 */
import type { Problem } from '../contracts/index.js';
import { ErrorTypes } from '../contracts/index.js';
import { FunctionError } from './errors.js';
import { DeployError } from './packaging/index.js';

/** `ref` names what was called (a version, an alias, `draft`) in the detail of an unexpected error. */
export function callProblem(err: unknown, req: { name: string; ref: string }, version?: string): Problem {
  const extra = version ? { functionVersion: version } : {};
  if (err instanceof FunctionError) return { type: err.type, status: err.status, title: `Function ${err.kind} error`, detail: err.message, code: err.code, ...extra };
  if (err instanceof DeployError) return { type: err.type, status: err.status, title: 'Function not available', detail: err.message, code: err.code, ...extra };
  const detail = `function ${req.name}:${req.ref}: ${err instanceof Error ? err.message : String(err)}`;
  return { type: ErrorTypes.runtime, status: 500, title: 'Function runtime error', detail, ...extra };
}

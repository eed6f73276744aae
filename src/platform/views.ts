/** Store records → the façade's JSON views (ISO 8601 times; absent fields omitted, not null). */
import type { RunRecord, WorkflowRecord } from '../ports/index.js';
import type { RunView, WorkflowDetail, WorkflowView } from './platform.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

export function workflowView(w: WorkflowRecord): WorkflowView {
  const doc = (w.definition.document ?? {}) as Record<string, unknown>;
  return {
    namespace: w.namespace,
    name: w.name,
    version: w.version,
    hash: w.hash,
    createdAt: iso(w.createdAt),
    ...(typeof doc.summary === 'string' ? { description: doc.summary } : {}),
  };
}

export function workflowDetail(w: WorkflowRecord): WorkflowDetail {
  return { ...workflowView(w), definition: w.definition, source: w.source };
}

export function runView(r: RunRecord): RunView {
  return {
    id: r.id,
    workflow: `${r.namespace}/${r.name}`,
    namespace: r.namespace,
    name: r.name,
    version: r.version,
    status: r.status,
    input: r.input,
    ...(r.output !== undefined ? { output: r.output } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    createdAt: iso(r.createdAt),
    // A run starts when it is created (no queue in front of the engine yet).
    startedAt: iso(r.createdAt),
    ...(r.endedAt !== undefined ? { endedAt: iso(r.endedAt) } : {}),
    ...(r.idempotencyKey ? { idempotencyKey: r.idempotencyKey } : {}),
  };
}

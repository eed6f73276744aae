/**
 * What a caller without `data:read-sensitive` sees of a run: the parts its workflow's input and output
 * schemas mark `x-weft-sensitive: true` masked by path (`***`), and every copy of those values elsewhere
 * in what is shown (a `set` output, a task's event, an error message) masked by value.
 */
import { hasSensitive, sensitive, workflowSchemas } from '../dsl/index.js';
import type { RunRecord } from '../ports/index.js';
import { type Json, redactValues } from '../shared/index.js';

/** Whether the caller may see a namespace's sensitive data; absent: everything is shown (a local command). */
export interface ViewOptions {
  seesSensitive?: (namespace: string) => boolean;
}

/** `shown` (a run's view, or its events) with the run's sensitive data masked, unless `o` lets the caller see it. */
export function maskSensitive<T>(r: RunRecord, shown: T, o?: ViewOptions): T {
  if (!o?.seesSensitive || o.seesSensitive(r.namespace)) return shown;
  const schemas = workflowSchemas(r.definition);
  if (!hasSensitive(schemas.input) && !hasSensitive(schemas.output)) return shown;
  const input = sensitive(schemas.input, r.input);
  const output = r.output === undefined ? undefined : sensitive(schemas.output, r.output);
  let out = shown as unknown as Json;
  if (out && typeof out === 'object' && !Array.isArray(out) && 'input' in out) {
    out = { ...out, input: input.masked, ...(output && 'output' in out ? { output: output.masked } : {}) };
  }
  return redactValues(out, [...input.values, ...(output?.values ?? [])]) as unknown as T;
}

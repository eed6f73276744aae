/**
 * What a caller without `data:read-sensitive` sees of a run: the parts its workflow's input and output
 * schemas mark `x-weft-sensitive: true` masked by path (`***`), and every copy of those values — and of
 * what the functions it called mark in their schemas — elsewhere in what is shown (a `set` output, a
 * task's event, an error message) masked by value.
 */
import { hasSensitive, sensitive, workflowSchemas } from '../dsl/index.js';
import type { JournalEntry } from '../contracts/index.js';
import type { RunRecord } from '../ports/index.js';
import { type Json, MIN_SECRET_LENGTH, redactValues } from '../shared/index.js';

/** Whether the caller may see a namespace's sensitive data; absent: everything is shown (a local command). */
export interface ViewOptions {
  seesSensitive?: (namespace: string) => boolean;
}

/** Whether the caller is to see `r`'s sensitive data masked. */
export function masksFor(r: RunRecord, o?: ViewOptions): boolean {
  return o?.seesSensitive !== undefined && !o.seesSensitive(r.namespace);
}

/** Whether a run's document calls deployed functions (whose schemas may mark outcomes sensitive: its journal says). */
export function callsFunctions(r: RunRecord): boolean {
  return /@default"/.test(JSON.stringify(r.definition));
}

/** The values a journaled function outcome (`{version, output, sensitive}`: FunctionResult) says its schemas mark. */
export function markedBy(value: Json): string[] {
  const list = value && typeof value === 'object' && !Array.isArray(value) ? value.sensitive : undefined;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/** The values functions marked sensitive in a run's journaled outcomes. */
export function functionMarks(journal: readonly JournalEntry[]): string[] {
  return journal.flatMap((e) => (e.kind === 'resolved' ? markedBy(e.value) : []));
}

/**
 * `shown` (a run's view, or its events) with the run's sensitive data masked, unless `o` lets the caller
 * see it; `marked`: the values the functions it called marked (functionMarks).
 */
export function maskSensitive<T>(r: RunRecord, shown: T, o?: ViewOptions, marked: readonly string[] = []): T {
  if (!masksFor(r, o)) return shown;
  const schemas = workflowSchemas(r.definition);
  if (!hasSensitive(schemas.input) && !hasSensitive(schemas.output)) return marked.length ? (redactValues(shown as unknown as Json, marked.filter((m) => m.length >= MIN_SECRET_LENGTH)) as unknown as T) : shown;
  const input = sensitive(schemas.input, r.input);
  const output = r.output === undefined ? undefined : sensitive(schemas.output, r.output);
  let out = shown as unknown as Json;
  if (out && typeof out === 'object' && !Array.isArray(out) && 'input' in out) {
    out = { ...out, input: input.masked, ...(output && 'output' in out ? { output: output.masked } : {}) };
  }
  return redactValues(out, [...input.values, ...(output?.values ?? []), ...marked]) as unknown as T;
}

/**
 * What both adapters agree on before touching storage: values are stored as JSON text (so a value reads
 * back exactly as `JSON.parse(JSON.stringify(value))`, whatever the adapter), calls are checked and
 * encoded synchronously when made (a caller mutating its objects afterwards cannot change what gets
 * written later by the group commit), and which journal entries end a run.
 */
import type { JournalEntry, RunStatus } from '../contracts/index.js';
import type { RunFilter, RunRecord } from '../ports/index.js';
import { invalid, runEnded } from './errors.js';

/** A run as stored: JSON-valued fields as text. */
export interface EncodedRun {
  id: string;
  namespace: string;
  name: string;
  version: string;
  definition: string;
  input: string;
  status: RunStatus;
  output: string | null;
  error: string | null;
  createdAt: number;
  endedAt: number | null;
  idempotencyKey: string | null;
  traceparent: string | null;
}

export interface EncodedEntry {
  kind: JournalEntry['kind'];
  key: string | null;
  at: number;
  /** The whole entry as JSON. */
  body: string;
  /** Set when this entry ends the run. */
  end?: { status: RunStatus; output: string | null; error: string | null };
  /** Set when this entry changes the status of a run that goes on (suspended, resumed). */
  status?: RunStatus;
  /**
   * Set by a `redriven` entry: the ended run is live again (status running, no output, error or end) on
   * this version, definition and input when given.
   */
  reopen?: { version: string | null; definition: string | null; input: string | null };
}

/** Only these ended runs may be redriven. */
export const REOPENABLE: ReadonlySet<RunStatus> = new Set(['faulted', 'cancelled']);

export function encodeJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw invalid(`${what} is not JSON-serialisable: ${(err as Error).message}`, err);
  }
  if (text === undefined) throw invalid(`${what} is not a JSON value`);
  return text;
}

function encodeOptional(value: unknown, what: string): string | null {
  return value === undefined ? null : encodeJson(value, what);
}

function optionalString(value: unknown, what: string): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value === '') throw invalid(`${what} must be a non-empty string when present`);
  return value;
}

export function checkTime(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${what} must be a finite number`);
  return value;
}

export function encodeRun(run: RunRecord): EncodedRun {
  for (const field of ['id', 'namespace', 'name', 'version'] as const) {
    if (typeof run[field] !== 'string') throw invalid(`run.${field} must be a string`);
  }
  return {
    id: run.id,
    namespace: run.namespace,
    name: run.name,
    version: run.version,
    definition: encodeJson(run.definition, 'run.definition'),
    input: encodeJson(run.input, 'run.input'),
    status: run.status,
    output: encodeOptional(run.output, 'run.output'),
    error: encodeOptional(run.error, 'run.error'),
    createdAt: checkTime(run.createdAt, 'run.createdAt'),
    endedAt: run.endedAt === undefined ? null : checkTime(run.endedAt, 'run.endedAt'),
    idempotencyKey: optionalString(run.idempotencyKey, 'run.idempotencyKey'),
    traceparent: optionalString(run.traceparent, 'run.traceparent'),
  };
}

export function decodeRun(row: EncodedRun): RunRecord {
  const run: RunRecord = {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    version: row.version,
    definition: JSON.parse(row.definition),
    input: JSON.parse(row.input),
    status: row.status,
    createdAt: row.createdAt,
  };
  if (row.output !== null) run.output = JSON.parse(row.output);
  if (row.error !== null) run.error = JSON.parse(row.error);
  if (row.endedAt !== null) run.endedAt = row.endedAt;
  if (row.idempotencyKey !== null) run.idempotencyKey = row.idempotencyKey;
  if (row.traceparent !== null) run.traceparent = row.traceparent;
  return run;
}

export function encodeEntry(entry: JournalEntry): EncodedEntry {
  const encoded: EncodedEntry = {
    kind: entry.kind,
    key: 'key' in entry && typeof entry.key === 'string' ? entry.key : null,
    at: checkTime(entry.at, `${entry.kind} entry .at`),
    body: encodeJson(entry, `${entry.kind} entry`),
  };
  if (entry.kind === 'completed') encoded.end = { status: 'completed', output: encodeOptional(entry.output, 'output'), error: null };
  else if (entry.kind === 'faulted') encoded.end = { status: 'faulted', output: null, error: encodeOptional(entry.error, 'error') };
  else if (entry.kind === 'cancelled') encoded.end = { status: 'cancelled', output: null, error: null };
  else if (entry.kind === 'suspended') encoded.status = 'suspended';
  else if (entry.kind === 'resumed') encoded.status = 'running';
  else if (entry.kind === 'redriven') {
    if (!Array.isArray(entry.superseded) || entry.superseded.some((k) => typeof k !== 'string')) throw invalid('redriven entry .superseded must be an array of keys');
    if ((entry.version === undefined) !== (entry.definition === undefined)) throw invalid('redriven entry: version and definition go together');
    encoded.reopen = { version: optionalString(entry.version, 'redriven entry .version'), definition: encodeOptional(entry.definition, 'redriven entry .definition'), input: encodeOptional(entry.input, 'redriven entry .input') };
  }
  return encoded;
}

/**
 * Encodes one `append` call. A terminal entry may only come last: anything after it would be journal
 * written after the run's outcome was recorded, so the whole call is refused.
 */
export function encodeAppend(runId: string, entries: readonly JournalEntry[]): EncodedEntry[] {
  if (typeof runId !== 'string') throw invalid('runId must be a string');
  if (!Array.isArray(entries)) throw invalid('entries must be an array');
  const encoded = entries.map(encodeEntry);
  const end = encoded.findIndex((e) => e.end);
  if (end !== -1 && end < encoded.length - 1) throw runEnded(runId, encoded[end].end!.status);
  // A redrive reopens an ended run: it comes first, so the entries after it belong to the live run.
  if (encoded.findIndex((e) => e.reopen) > 0) throw invalid('a redriven entry must be the first of its append');
  return encoded;
}

/** `copied`: outcomes a rerun copies from its origin, journaled with the `started` entry (nothing else). */
export function encodeCreate(run: RunRecord, started: JournalEntry, copied: readonly JournalEntry[] = []): { run: EncodedRun; started: EncodedEntry; copied: EncodedEntry[] } {
  if (started?.kind !== 'started') throw invalid('createRun needs a `started` journal entry');
  if (!Array.isArray(copied) || copied.some((e) => e?.kind !== 'resolved' && e?.kind !== 'failed')) throw invalid('createRun copies only resolved and failed entries');
  return { run: encodeRun(run), started: encodeEntry(started), copied: copied.map(encodeEntry) };
}

export function checkTimer(runId: string, key: string, fireAt?: number): void {
  if (typeof runId !== 'string' || typeof key !== 'string') throw invalid('timer run id and key must be strings');
  if (fireAt !== undefined) checkTime(fireAt, 'timer fireAt');
}

/** A checked RunFilter: absent fields are undefined, and `limit` is -1 when absent (no limit). */
export interface NormalizedRunFilter {
  status: RunStatus[] | undefined;
  namespace: string | undefined;
  namespaces: string[] | undefined;
  name: string | undefined;
  version: string | undefined;
  idempotencyKey: string | undefined;
  createdFrom: number | undefined;
  createdTo: number | undefined;
  before: { createdAt: number; id: string } | undefined;
  limit: number;
}

/** `status: []` matches no run (a filter is a set); `limit` absent means no limit (-1). */
export function normalizeFilter(filter: RunFilter = {}): NormalizedRunFilter {
  const { status, limit, before } = filter;
  if (status !== undefined && !Array.isArray(status)) throw invalid('filter.status must be an array of statuses');
  if (filter.namespaces !== undefined && !(Array.isArray(filter.namespaces) && filter.namespaces.every((n) => typeof n === 'string'))) throw invalid('filter.namespaces must be an array of strings');
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw invalid('filter.limit must be a non-negative integer');
  for (const field of ['namespace', 'name', 'version', 'idempotencyKey'] as const) {
    if (filter[field] !== undefined && typeof filter[field] !== 'string') throw invalid(`filter.${field} must be a string`);
  }
  const time = (value: number | undefined, what: string) => (value === undefined ? undefined : checkTime(value, what));
  if (before !== undefined && (!before || typeof before.id !== 'string')) throw invalid('filter.before needs a createdAt and an id');
  return {
    status: status ? [...status] : undefined,
    namespace: filter.namespace,
    namespaces: filter.namespaces ? [...filter.namespaces] : undefined,
    name: filter.name,
    version: filter.version,
    idempotencyKey: filter.idempotencyKey,
    createdFrom: time(filter.createdFrom, 'filter.createdFrom'),
    createdTo: time(filter.createdTo, 'filter.createdTo'),
    before: before && { createdAt: checkTime(before.createdAt, 'filter.before.createdAt'), id: before.id },
    limit: limit ?? -1,
  };
}

/** Newest first: createdAt, then id, descending (the order `before` is a cursor on). */
export function compareRunsDesc(a: EncodedRun, b: EncodedRun): number {
  return b.createdAt - a.createdAt || compareText(b.id, a.id);
}

/** Whether a stored run passes every field of the filter but `limit` (the memory adapter's WHERE clause). */
export function runMatches(row: EncodedRun, f: NormalizedRunFilter): boolean {
  if (f.status && !f.status.includes(row.status)) return false;
  if (f.namespace !== undefined && row.namespace !== f.namespace) return false;
  if (f.namespaces && !f.namespaces.includes(row.namespace)) return false;
  if (f.name !== undefined && row.name !== f.name) return false;
  if (f.version !== undefined && row.version !== f.version) return false;
  if (f.idempotencyKey !== undefined && row.idempotencyKey !== f.idempotencyKey) return false;
  if (f.createdFrom !== undefined && row.createdAt < f.createdFrom) return false;
  if (f.createdTo !== undefined && row.createdAt >= f.createdTo) return false;
  return !f.before || row.createdAt < f.before.createdAt || (row.createdAt === f.before.createdAt && compareText(row.id, f.before.id) < 0);
}

/**
 * Code point order, which is how SQLite's BINARY collation orders UTF-8 text, so both adapters break ties
 * (and apply cursors) alike. UTF-16 unit order differs only where a surrogate meets a unit of U+E000–U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff && y >= 0xe000) return 1;
    if (y >= 0xd800 && y <= 0xdfff && x >= 0xe000) return -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

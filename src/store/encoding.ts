/**
 * What both adapters agree on before touching storage: values are stored as JSON text (so a value reads
 * back exactly as `JSON.parse(JSON.stringify(value))`, whatever the adapter), calls are checked and
 * encoded synchronously when made (a caller mutating its objects afterwards cannot change what gets
 * written later by the group commit), and which journal entries end a run.
 */
import type { JournalEntry, RunStatus } from '../engine/journal.js';
import type { RunFilter, RunRecord } from '../engine/ports.js';
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
}

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

function checkTime(value: unknown, what: string): number {
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
  return encoded;
}

export function encodeCreate(run: RunRecord, started: JournalEntry): { run: EncodedRun; started: EncodedEntry } {
  if (started?.kind !== 'started') throw invalid('createRun needs a `started` journal entry');
  return { run: encodeRun(run), started: encodeEntry(started) };
}

export function checkTimer(runId: string, key: string, fireAt?: number): void {
  if (typeof runId !== 'string' || typeof key !== 'string') throw invalid('timer run id and key must be strings');
  if (fireAt !== undefined) checkTime(fireAt, 'timer fireAt');
}

/** `status: []` matches no run (a filter is a set); `limit` absent means no limit (-1). */
export function normalizeFilter(filter: RunFilter = {}): { status: RunStatus[] | undefined; limit: number } {
  const { status, limit } = filter;
  if (status !== undefined && !Array.isArray(status)) throw invalid('filter.status must be an array of statuses');
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw invalid('filter.limit must be a non-negative integer');
  return { status: status ? [...status] : undefined, limit: limit ?? -1 };
}

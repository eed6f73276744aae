/**
 * Checks of the SecretUsageStore's calls, shared by every adapter, made when the call is made (inside a
 * group commit a value the driver cannot bind would fail the whole batch), and the order `list` gives.
 */
import type { SecretUsageRecord } from '../ports/index.js';
import { compareText } from './encoding.js';
import { invalid } from './errors.js';
import { checkSecretKey } from './secret-args.js';

const KINDS = new Set(['workflow', 'function', 'webhook']);
const time = (v: unknown, what: string) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid(`secret usage ${what} must be a time (epoch ms)`);
  return v;
};

/** A checked copy of one entry (callers keep their objects). */
export function checkUsage(e: SecretUsageRecord): SecretUsageRecord {
  if (!e || typeof e !== 'object') throw invalid('a secret usage entry must be an object');
  const { namespace, name } = checkSecretKey(e.namespace, e.name);
  if (!Number.isSafeInteger(e.version) || e.version < 1) throw invalid('secret usage version must be a positive integer');
  if (!KINDS.has(e.kind)) throw invalid(`secret usage kind must be workflow, function or webhook, not ${JSON.stringify(e.kind)}`);
  if (typeof e.reader !== 'string' || e.reader === '' || e.reader.length > 300) throw invalid('secret usage reader must be a non-empty string of at most 300 characters');
  if (!Number.isSafeInteger(e.count) || e.count < 1) throw invalid('secret usage count must be a positive integer');
  const firstAt = time(e.firstAt, 'firstAt');
  const lastAt = time(e.lastAt, 'lastAt');
  if (lastAt < firstAt) throw invalid('secret usage lastAt must not be before firstAt');
  return { namespace, name, version: e.version, kind: e.kind, reader: e.reader, firstAt, lastAt, count: e.count };
}

export const checkUsages = (entries: readonly SecretUsageRecord[]): SecretUsageRecord[] => {
  if (!Array.isArray(entries)) throw invalid('secret usage entries must be an array');
  return entries.map(checkUsage);
};

/** `list`'s order: newest version first, then the most recent read, then kind and reader (code points). */
export function byUsageOrder(a: SecretUsageRecord, b: SecretUsageRecord): number {
  return b.version - a.version || b.lastAt - a.lastAt || compareText(a.kind, b.kind) || compareText(a.reader, b.reader);
}

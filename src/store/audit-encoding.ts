/**
 * What both AuditStore adapters agree on. The store never computes hashes: the caller's `seal` does, inside
 * the write, from the last record. The store checks that the sealed record is well formed and extends the
 * log (its seq above the last one), keeps it whole as JSON text, and copies out the fields filters use.
 */
import type { AuditFilter, AuditRecord } from '../ports/index.js';
import { checkTime, encodeJson } from './encoding.js';
import { invalid } from './errors.js';

export interface EncodedAudit {
  seq: number;
  hash: string;
  actor: string;
  action: string;
  /** The whole record as JSON text. */
  body: string;
}

/** Records returned by `list` when the filter names no limit, and the most it may ask for. */
export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;

/** Encodes what `seal` returned; `lastSeq` is the seq of the record it was given (undefined for the first). */
export function encodeAudit(r: AuditRecord, lastSeq: number | undefined): EncodedAudit {
  if (!r || typeof r !== 'object') throw invalid('the sealed audit record must be an object');
  if (!Number.isSafeInteger(r.seq) || r.seq < 0) throw invalid('audit seq must be a non-negative integer');
  // A seq at or below the last one would rewrite history or fork the chain.
  if (lastSeq !== undefined && r.seq <= lastSeq) throw invalid(`audit seq ${r.seq} does not follow the last record (${lastSeq})`);
  for (const field of ['actor', 'action', 'target', 'prev', 'hash'] as const) {
    if (typeof r[field] !== 'string') throw invalid(`audit ${field} must be a string`);
  }
  for (const field of ['before', 'after'] as const) {
    if (r[field] !== undefined && typeof r[field] !== 'string') throw invalid(`audit ${field} must be a string when present`);
  }
  checkTime(r.at, 'audit at');
  return { seq: r.seq, hash: r.hash, actor: r.actor, action: r.action, body: encodeJson(r, 'audit record') };
}

export const decodeAudit = (body: string): AuditRecord => JSON.parse(body) as AuditRecord;

export interface NormalizedAuditFilter {
  actor: string | undefined;
  action: string | undefined;
  beforeSeq: number | undefined;
  limit: number;
}

/** Checks a filter; a missing limit is AUDIT_DEFAULT_LIMIT and a larger one is capped at AUDIT_MAX_LIMIT. */
export function normalizeAuditFilter(filter: AuditFilter = {}): NormalizedAuditFilter {
  const { actor, action, beforeSeq, limit } = filter;
  if (actor !== undefined && typeof actor !== 'string') throw invalid('audit filter.actor must be a string');
  if (action !== undefined && typeof action !== 'string') throw invalid('audit filter.action must be a string');
  if (beforeSeq !== undefined) checkTime(beforeSeq, 'audit filter.beforeSeq');
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw invalid('audit filter.limit must be a non-negative integer');
  return { actor, action, beforeSeq, limit: Math.min(limit ?? AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT) };
}

export function auditMatches(row: EncodedAudit, f: NormalizedAuditFilter): boolean {
  return (f.actor === undefined || row.actor === f.actor) && (f.action === undefined || row.action === f.action) && (f.beforeSeq === undefined || row.seq < f.beforeSeq);
}

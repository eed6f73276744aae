/**
 * The hash-chained audit log over the AuditStore port. Each record's hash covers its fields and the
 * previous record's hash, so editing, deleting or reordering any record breaks every link after it;
 * verify() (`weft audit verify`) walks the chain and names the first broken record. Truncating the
 * newest records leaves a valid shorter chain: detecting that needs the head kept elsewhere.
 */
import type { AuditEntry, AuditFilter, AuditRecord, AuditStore } from '../ports/index.js';

export type { AuditEntry };
import type { Json } from '../shared/index.js';
import { canonicalJson } from './canonical-json.js';
import { AUTH_ERROR_CODES, authError } from './errors.js';
import { createHash } from 'node:crypto';

export const GENESIS_PREV = '0'.repeat(64);

export type AuditVerdict = { ok: true; count: number } | { ok: false; seq: number; reason: string };

/** The hash of a record: SHA-256 (hex) of the canonical JSON of every field but `hash` itself. */
export function auditHash(r: Omit<AuditRecord, 'hash'>): string {
  const { seq, at, actor, action, target, before, after, detail, prev } = r;
  return createHash('sha256').update(canonicalJson({ seq, at, actor, action, target, before, after, detail, prev })).digest('hex');
}

export class AuditLog {
  private readonly now: () => number;

  constructor(private readonly store: AuditStore, options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Appends one record; seq, prev and hash are computed inside the store's write so concurrent appends stay one chain. */
  async record(entry: AuditEntry): Promise<AuditRecord> {
    const fields = checkEntry(entry);
    return this.store.append((last) => {
      const body: Omit<AuditRecord, 'hash'> = { seq: (last?.seq ?? 0) + 1, at: this.now(), ...fields, prev: last?.hash ?? GENESIS_PREV };
      return { ...body, hash: auditHash(body) };
    });
  }

  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditRecord[]> {
    return this.store.list(filter);
  }

  /** Recomputes every hash and link from the first record; the first mismatch ends the walk. */
  async verify(): Promise<AuditVerdict> {
    const records = await this.store.all();
    let prev = GENESIS_PREV;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const seq = i + 1;
      if (r.seq !== seq) return { ok: false, seq, reason: `expected record ${seq} but found seq ${r.seq}: a record was removed or reordered` };
      if (r.prev !== prev) return { ok: false, seq, reason: `record ${seq} does not link to record ${seq - 1}'s hash` };
      if (auditHash(r) !== r.hash) return { ok: false, seq, reason: `record ${seq} does not match its hash: its content was changed` };
      prev = r.hash;
    }
    return { ok: true, count: records.length };
  }
}

/** Only the fields that are set, so a record hashes the same before and after a store round-trip drops undefineds. */
function checkEntry(e: AuditEntry): Omit<AuditRecord, 'seq' | 'at' | 'prev' | 'hash'> {
  for (const field of ['actor', 'action', 'target'] as const) {
    if (typeof e?.[field] !== 'string' || e[field].length === 0) throw authError(AUTH_ERROR_CODES.badInput, `audit ${field} must be a non-empty string`);
  }
  const out: Omit<AuditRecord, 'seq' | 'at' | 'prev' | 'hash'> = { actor: e.actor, action: e.action, target: e.target };
  for (const field of ['before', 'after'] as const) {
    const v = e[field];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw authError(AUTH_ERROR_CODES.badInput, `audit ${field} must be a content hash string`);
    out[field] = v;
  }
  if (e.detail !== undefined) {
    // A detail that JSON cannot carry would hash differently after the store's round-trip.
    try {
      out.detail = JSON.parse(canonicalJson(e.detail)) as Json;
    } catch (err) {
      throw authError(AUTH_ERROR_CODES.badInput, 'audit detail must be JSON', err);
    }
  }
  return out;
}

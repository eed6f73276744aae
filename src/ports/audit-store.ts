import type { Json } from '../shared/index.js';

/** What an admin action records: who did what to what, with content hashes before and after. */
export interface AuditEntry {
  /** Who acted: an API key id, `env`, `cli`, … */
  actor: string;
  /** What was done, e.g. `function:deploy`, `key:revoke`. */
  action: string;
  /** What it was done to, e.g. `function/resize@1.2.0`. */
  target: string;
  /** contentHash of the target's state before and after the action, where it has one. */
  before?: string;
  after?: string;
  detail?: Json;
}

/** One audit record. `hash` = SHA-256 over `prev` and the record's fields, chaining every record to the one before. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  at: number;
  prev: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Cursor: only records with seq below this. */
  beforeSeq?: number;
  limit?: number;
}

/** The append-only audit log. */
export interface AuditStore {
  /**
   * Appends one record: `seal` receives the last record (or undefined) inside the write's transaction and
   * returns the new record with its seq, prev and hash, so concurrent appends cannot fork the chain.
   */
  append(seal: (last: AuditRecord | undefined) => AuditRecord): Promise<AuditRecord>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditRecord[]>;
  /** Every record, oldest first (for verification). */
  all(): Promise<AuditRecord[]>;
}

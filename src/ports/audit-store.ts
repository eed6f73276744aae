import type { Json } from '../shared/index.js';

/** One audit record. `hash` = SHA-256 over `prev` and the record's fields, chaining every record to the one before. */
export interface AuditRecord {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  /** Hashes of the target's state before and after the action, where it has one. */
  before?: string;
  after?: string;
  detail?: Json;
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

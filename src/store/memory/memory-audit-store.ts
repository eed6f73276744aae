/**
 * The AuditStore in memory. `append` runs the caller's seal and stores its result in one synchronous step,
 * so no other append can come between reading the last record and adding the next: the chain cannot fork.
 */
import type { AuditFilter, AuditRecord, AuditStore } from '../../ports/index.js';
import { type EncodedAudit, auditMatches, decodeAudit, encodeAudit, normalizeAuditFilter } from '../audit-encoding.js';

export class MemoryAuditStore implements AuditStore {
  /** Oldest first. */
  private readonly records: EncodedAudit[] = [];

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async append(seal: (last: AuditRecord | undefined) => AuditRecord): Promise<AuditRecord> {
    this.guard();
    const last = this.records.at(-1);
    const row = encodeAudit(seal(last && decodeAudit(last.body)), last?.seq);
    this.records.push(row);
    return decodeAudit(row.body);
  }

  async list(filter?: AuditFilter): Promise<AuditRecord[]> {
    this.guard();
    const f = normalizeAuditFilter(filter);
    const out: AuditRecord[] = [];
    for (let i = this.records.length - 1; i >= 0 && out.length < f.limit; i--) {
      if (auditMatches(this.records[i], f)) out.push(decodeAudit(this.records[i].body));
    }
    return out;
  }

  async all(): Promise<AuditRecord[]> {
    this.guard();
    return this.records.map((r) => decodeAudit(r.body));
  }
}

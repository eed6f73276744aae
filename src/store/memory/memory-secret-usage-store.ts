/** The SecretUsageStore in memory: rows by (secret, version, kind, reader), copied in and out. */
import type { SecretUsageRecord, SecretUsageStore } from '../../ports/index.js';
import { checkSecretKey } from '../secret-args.js';
import { byUsageOrder, checkUsages } from '../secret-usage-encoding.js';

const keyOf = (e: SecretUsageRecord) => JSON.stringify([e.namespace, e.name, e.version, e.kind, e.reader]);

export class MemorySecretUsageStore implements SecretUsageStore {
  private readonly rows = new Map<string, SecretUsageRecord>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async record(entries: readonly SecretUsageRecord[]): Promise<void> {
    this.guard();
    for (const e of checkUsages(entries)) {
      const key = keyOf(e);
      const row = this.rows.get(key);
      this.rows.set(key, row ? { ...row, count: row.count + e.count, firstAt: Math.min(row.firstAt, e.firstAt), lastAt: Math.max(row.lastAt, e.lastAt) } : e);
    }
  }

  async list(namespace: string, name: string): Promise<SecretUsageRecord[]> {
    this.guard();
    return [...this.rows.values()].filter((r) => r.namespace === namespace && r.name === name).sort(byUsageOrder).map((r) => ({ ...r }));
  }

  async delete(namespace: string, name: string): Promise<number> {
    this.guard();
    const k = checkSecretKey(namespace, name);
    let n = 0;
    for (const [key, r] of this.rows) {
      if (r.namespace === k.namespace && r.name === k.name) {
        this.rows.delete(key);
        n++;
      }
    }
    return n;
  }
}

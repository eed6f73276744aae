/**
 * The KeyStore in memory. Like the other memory adapters it keeps the encoded (JSON text) form, so records
 * read back exactly as from SQLite and callers never reach stored objects.
 */
import type { ApiKeyRecord, KeyStore } from '../../ports/index.js';
import { checkTime, compareText } from '../encoding.js';
import { type EncodedKey, decodeKey, encodeKey, isActive } from '../key-encoding.js';

export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, EncodedKey>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async put(k: ApiKeyRecord): Promise<void> {
    this.guard();
    const row = encodeKey(k);
    this.keys.set(row.id, row);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    this.guard();
    const row = this.keys.get(id);
    return row && decodeKey(row.body);
  }

  async list(): Promise<ApiKeyRecord[]> {
    this.guard();
    return [...this.keys.values()].sort((a, b) => a.createdAt - b.createdAt || compareText(a.id, b.id)).map((r) => decodeKey(r.body));
  }

  async countActive(now: number): Promise<number> {
    this.guard();
    checkTime(now, 'now');
    let n = 0;
    for (const row of this.keys.values()) if (isActive(row, now)) n++;
    return n;
  }
}

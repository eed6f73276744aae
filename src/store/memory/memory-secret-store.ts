/**
 * The SecretStore in memory. Like the other memory adapters it keeps the encoded form, so records read
 * back exactly as from SQLite and callers never reach stored objects.
 */
import type { SecretRecord, SecretStore, SecretVersionRecord } from '../../ports/index.js';
import { compareText } from '../encoding.js';
import { checkLimit, checkRewrap } from '../secret-args.js';
import { type EncodedSecret, decodeSecret, encodePut, encodeSecret, secretConflict, unknownSecret } from '../secret-encoding.js';

const keyOf = (namespace: string, name: string) => JSON.stringify([namespace, name]);

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, EncodedSecret>();
  /** Per secret: its versions by number. */
  private readonly versionsOf = new Map<string, Map<number, SecretVersionRecord>>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async putVersion(record: SecretRecord, version: SecretVersionRecord, expectCurrent: number): Promise<void> {
    this.guard();
    const put = encodePut(record, version, expectCurrent);
    const key = keyOf(put.record.namespace, put.record.name);
    const actual = this.secrets.get(key)?.current ?? 0;
    if (actual !== expectCurrent) throw secretConflict(put.record.namespace, put.record.name, expectCurrent, actual);
    this.secrets.set(key, put.record);
    const versions = this.versionsOf.get(key) ?? new Map<number, SecretVersionRecord>();
    versions.set(put.version.version, put.version);
    this.versionsOf.set(key, versions);
  }

  async putRecord(record: SecretRecord): Promise<void> {
    this.guard();
    const row = encodeSecret(record);
    const key = keyOf(row.namespace, row.name);
    const stored = this.secrets.get(key);
    if (!stored) throw unknownSecret(row.namespace, row.name);
    if (stored.current !== row.current) throw secretConflict(row.namespace, row.name, row.current, stored.current);
    this.secrets.set(key, row);
  }

  async get(namespace: string, name: string): Promise<SecretRecord | undefined> {
    this.guard();
    const row = this.secrets.get(keyOf(namespace, name));
    return row && decodeSecret(row.body);
  }

  async list(namespace?: string): Promise<SecretRecord[]> {
    this.guard();
    return [...this.secrets.values()]
      .filter((r) => namespace === undefined || r.namespace === namespace)
      .sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name))
      .map((r) => decodeSecret(r.body));
  }

  async getVersion(namespace: string, name: string, version: number): Promise<SecretVersionRecord | undefined> {
    this.guard();
    const v = this.versionsOf.get(keyOf(namespace, name))?.get(version);
    return v && { ...v };
  }

  async versions(namespace: string, name: string): Promise<SecretVersionRecord[]> {
    this.guard();
    return [...(this.versionsOf.get(keyOf(namespace, name))?.values() ?? [])].sort((a, b) => b.version - a.version).map((v) => ({ ...v }));
  }

  async delete(namespace: string, name: string): Promise<boolean> {
    this.guard();
    const key = keyOf(namespace, name);
    this.versionsOf.delete(key);
    return this.secrets.delete(key);
  }

  async wrappedByOther(keyId: string, limit: number): Promise<SecretVersionRecord[]> {
    this.guard();
    checkLimit(limit);
    const out: SecretVersionRecord[] = [];
    for (const versions of this.versionsOf.values()) {
      for (const v of versions.values()) {
        if (out.length >= limit) return out;
        if (v.keyId !== keyId) out.push({ ...v });
      }
    }
    return out;
  }

  async rewrap(namespace: string, name: string, version: number, fromKeyId: string, wrappedKey: string, keyId: string): Promise<boolean> {
    this.guard();
    checkRewrap(namespace, name, version, fromKeyId, wrappedKey, keyId);
    const versions = this.versionsOf.get(keyOf(namespace, name));
    const v = versions?.get(version);
    if (!versions || !v || v.keyId !== fromKeyId) return false;
    versions.set(version, { ...v, wrappedKey, keyId });
    return true;
  }

  async keyIds(): Promise<string[]> {
    this.guard();
    const ids = new Set<string>();
    for (const versions of this.versionsOf.values()) for (const v of versions.values()) ids.add(v.keyId);
    return [...ids].sort(compareText);
  }
}

/**
 * Recently verified keys, so the per-request path is one SHA-256 and a map lookup instead of a store
 * read. Entries are keyed by the SHA-256 of the whole presented string (the plain secret is never kept)
 * and only successes are cached, so wrong guesses cannot fill it. Each entry is fresh until the earliest
 * of: its TTL, the key's expiry, the end of a rotated-out secret's overlap — past that the caller goes
 * back to the store and gets the real verdict. Revoke and rotate in this process drop a key's entries at
 * once; in another process they take effect within the TTL.
 */
export class KeyCache<T> {
  private readonly entries = new Map<string, { id: string; value: T; freshUntil: number }>();

  constructor(readonly ttlMs: number, private readonly max: number) {}

  get(digest: string, now: number): T | undefined {
    const e = this.entries.get(digest);
    if (!e) return undefined;
    if (now >= e.freshUntil) {
      this.entries.delete(digest);
      return undefined;
    }
    return e.value;
  }

  set(digest: string, id: string, value: T, freshUntil: number): void {
    if (this.ttlMs <= 0 || this.max <= 0) return;
    this.entries.delete(digest);
    // Map iteration is insertion order: the first entry is the oldest insert.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(digest, { id, value, freshUntil });
  }

  /** Drops every entry of key `id` (any of its secrets). Revocations are rare; a scan is fine. */
  drop(id: string): void {
    for (const [digest, e] of this.entries) if (e.id === id) this.entries.delete(digest);
  }

  get size(): number {
    return this.entries.size;
  }
}

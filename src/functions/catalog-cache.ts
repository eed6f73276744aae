/**
 * The lookups on every invocation (a version, an alias, a function's newest version), cached in memory.
 * Versions are immutable, so a found version is kept for good; aliases and "newest" change on deploys and
 * alias moves, so they are kept for `ttlMs` and dropped at once when this process makes the change
 * (`invalidate`). Another process's change is seen within `ttlMs`.
 */
import type { FunctionAlias, FunctionStore, FunctionVersion } from '../ports/index.js';

type Lookups = Pick<FunctionStore, 'getVersion' | 'getAlias' | 'listVersions'>;

const MAX_ENTRIES = 10_000;

export class CatalogCache implements Lookups {
  private readonly versions = new Map<string, FunctionVersion>();
  private readonly aliases = new Map<string, { at: number; value: FunctionAlias | undefined }>();
  private readonly lists = new Map<string, { at: number; value: FunctionVersion[] }>();

  constructor(
    private readonly store: Lookups,
    private readonly now: () => number,
    private readonly ttlMs = 2_000,
  ) {}

  async getVersion(name: string, version: string): Promise<FunctionVersion | undefined> {
    const key = `${name}@${version}`;
    const hit = this.versions.get(key);
    if (hit) return hit;
    const read = await this.store.getVersion(name, version);
    if (!read) return undefined;
    // The invoker runs the code; the kept source (up to 1 MB) would only weigh on the cache.
    const { source: _source, ...v } = read;
    bounded(this.versions).set(key, v);
    return v;
  }

  async getAlias(name: string, alias: string): Promise<FunctionAlias | undefined> {
    const key = `${name}:${alias}`;
    const hit = this.aliases.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = await this.store.getAlias(name, alias);
    bounded(this.aliases).set(key, { at: this.now(), value });
    return value;
  }

  async listVersions(name?: string): Promise<FunctionVersion[]> {
    if (name === undefined) return this.store.listVersions();
    const hit = this.lists.get(name);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = await this.store.listVersions(name);
    bounded(this.lists).set(name, { at: this.now(), value });
    return value;
  }

  /** A version was deployed or an alias moved here: forget what may have changed. */
  invalidate(name: string): void {
    this.lists.delete(name);
    for (const key of this.aliases.keys()) if (key.startsWith(`${name}:`)) this.aliases.delete(key);
  }
}

/** Caches are bounded by clearing: simple, and a cleared cache only costs a few store reads. */
function bounded<K, V>(m: Map<K, V>): Map<K, V> {
  if (m.size >= MAX_ENTRIES) m.clear();
  return m;
}

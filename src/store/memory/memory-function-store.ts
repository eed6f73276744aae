/**
 * The FunctionStore in memory, for tests and throwaway runs. Like MemoryStore it keeps the encoded (JSON
 * text) form, so values read back exactly as from SQLite and callers never reach stored objects. Each call
 * is checked completely before anything changes, so it is atomic.
 */
import type { FunctionAlias, FunctionInvocation, FunctionStore, FunctionVersion, InvocationStore } from '../../ports/index.js';
import { KEEP_INVOCATIONS } from '../function-encoding.js';
import { versionExists } from '../errors.js';
import {
  type EncodedAlias,
  type EncodedVersion,
  compareVersionsDesc,
  decodeAlias,
  decodeVersion,
  encodeAlias,
  encodeVersion,
  latestPerName,
} from '../function-encoding.js';

/** Listings leave out the kept source, as the SQL adapters do (getVersion has it). */
const listed = (row: EncodedVersion): FunctionVersion => decodeVersion({ ...row, source: undefined });

export class MemoryFunctionStore implements FunctionStore, InvocationStore {
  /** name → version → row */
  private readonly versions = new Map<string, Map<string, EncodedVersion>>();
  /** name → alias → row */
  private readonly aliases = new Map<string, Map<string, EncodedAlias>>();

  /** name → invocation records as JSON text, oldest first. */
  private readonly invocations = new Map<string, string[]>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async putVersion(v: FunctionVersion): Promise<{ version: FunctionVersion; created: boolean }> {
    this.guard();
    const row = encodeVersion(v);
    let byVersion = this.versions.get(row.name);
    const existing = byVersion?.get(row.version);
    if (existing) {
      if (existing.hash !== row.hash) throw versionExists(row.name, row.version);
      return { version: decodeVersion(existing), created: false };
    }
    if (!byVersion) this.versions.set(row.name, (byVersion = new Map()));
    byVersion.set(row.version, row);
    return { version: decodeVersion(row), created: true };
  }

  async getVersion(name: string, version: string): Promise<FunctionVersion | undefined> {
    this.guard();
    const row = this.versions.get(name)?.get(version);
    return row && decodeVersion(row);
  }

  async listVersions(name?: string): Promise<FunctionVersion[]> {
    this.guard();
    if (name === undefined) {
      const all = [...this.versions.values()].flatMap((m) => [...m.values()]);
      return latestPerName(all).map(listed);
    }
    const rows = [...(this.versions.get(name)?.values() ?? [])];
    return rows.sort((a, b) => compareVersionsDesc(a.version, b.version)).map(listed);
  }

  async setAlias(alias: FunctionAlias): Promise<void> {
    this.guard();
    const row = encodeAlias(alias);
    let byAlias = this.aliases.get(row.name);
    if (!byAlias) this.aliases.set(row.name, (byAlias = new Map()));
    byAlias.set(row.alias, row);
  }

  async getAlias(name: string, alias: string): Promise<FunctionAlias | undefined> {
    this.guard();
    const row = this.aliases.get(name)?.get(alias);
    return row && decodeAlias(row);
  }

  async listAliases(name: string): Promise<FunctionAlias[]> {
    this.guard();
    const rows = [...(this.aliases.get(name)?.values() ?? [])];
    return rows.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0)).map(decodeAlias);
  }

  async recordInvocation(r: FunctionInvocation): Promise<void> {
    this.guard();
    const list = this.invocations.get(r.name) ?? [];
    list.push(JSON.stringify(r));
    if (list.length > KEEP_INVOCATIONS) list.splice(0, list.length - KEEP_INVOCATIONS);
    this.invocations.set(r.name, list);
  }

  async listInvocations(name: string, limit = 50): Promise<FunctionInvocation[]> {
    this.guard();
    return (this.invocations.get(name) ?? []).slice(-limit).reverse().map((t) => JSON.parse(t) as FunctionInvocation);
  }
}

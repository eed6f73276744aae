/**
 * The FunctionStore on the SqliteStore's own connection (tables from migration 2). It is reached as
 * `SqliteStore.functions`, never built on its own: it shares the store's group commit (so a deploy commits
 * with whatever runs write in the same turn, in one transaction, each write in its own SAVEPOINT) and its
 * closed state. Semver ordering happens in JS (function-encoding.ts): SQL cannot order `1.10.0` after `1.9.0`.
 */
import type Database from 'better-sqlite3';
import type { FunctionAlias, FunctionInvocation, FunctionStore, FunctionVersion, InvocationStore } from '../../ports/index.js';
import { versionExists } from '../errors.js';
import {
  type EncodedAlias,
  type EncodedVersion,
  compareVersionsDesc,
  decodeAlias,
  decodeVersion,
  encodeAlias,
  encodeVersion,
  KEEP_INVOCATIONS,
  latestPerName,
} from '../function-encoding.js';

/** What the owning SqliteStore lends: its write path (encode now, apply in the next batch) and read barrier. */
export interface SqliteWriteAccess {
  write<E, T>(encode: () => E, apply: (encoded: E) => T): Promise<T>;
  /** Waits for submitted writes; rejects once the store is closed. */
  readable(): Promise<void>;
  /** Throws once the store is closed. */
  assertOpen(): void;
}

/** Listings leave out the kept source (it can be up to a MB per version); single reads include it. */
const LIST_COLUMNS = 'name, version, hash, size, code, manifest, created_at AS createdAt';
const VERSION_COLUMNS = `${LIST_COLUMNS}, source`;

function prepareStatements(db: Database.Database) {
  return {
    insertVersion: db.prepare(`INSERT INTO function_versions (name, version, hash, size, code, manifest, created_at, source)
      VALUES (@name, @version, @hash, @size, @code, @manifest, @createdAt, @source)`),
    getVersion: db.prepare(`SELECT ${VERSION_COLUMNS} FROM function_versions WHERE name = ? AND version = ?`),
    listedVersion: db.prepare(`SELECT ${LIST_COLUMNS} FROM function_versions WHERE name = ? AND version = ?`),
    versionsOf: db.prepare(`SELECT ${LIST_COLUMNS} FROM function_versions WHERE name = ?`),
    // Without the code column: only the newest version of each name is read in full afterwards.
    allKeys: db.prepare('SELECT name, version FROM function_versions'),
    upsertAlias: db.prepare(`INSERT INTO function_aliases (name, alias, routes) VALUES (@name, @alias, @routes)
      ON CONFLICT (name, alias) DO UPDATE SET routes = excluded.routes`),
    getAlias: db.prepare('SELECT name, alias, routes FROM function_aliases WHERE name = ? AND alias = ?'),
    aliasesOf: db.prepare('SELECT name, alias, routes FROM function_aliases WHERE name = ? ORDER BY alias'),
    insertInvocation: db.prepare('INSERT OR REPLACE INTO function_invocations (id, name, at, body) VALUES (?, ?, ?, ?)'),
    // Keeps the newest KEEP_INVOCATIONS of a function.
    trimInvocations: db.prepare(`DELETE FROM function_invocations WHERE name = ? AND id NOT IN
      (SELECT id FROM function_invocations WHERE name = ? ORDER BY at DESC LIMIT ${KEEP_INVOCATIONS})`),
    invocationsOf: db.prepare('SELECT body FROM function_invocations WHERE name = ? ORDER BY at DESC, rowid DESC LIMIT ?'),
  };
}

/** How often (in records written by this process) old invocation records are trimmed. */
const TRIM_EVERY = 200;

export class SqliteFunctionStore implements FunctionStore, InvocationStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private recorded = 0;
  /** Version and alias writes not yet committed (catalog reads wait for them, and only for them). */
  private catalogWrites = 0;

  constructor(
    db: Database.Database,
    private readonly access: SqliteWriteAccess,
  ) {
    this.stmt = prepareStatements(db);
  }

  putVersion(v: FunctionVersion): Promise<{ version: FunctionVersion; created: boolean }> {
    return this.catalogWrite(() => encodeVersion(v), (row) => {
      // Checked inside the write's transaction, so two deploys of one version in the same turn cannot both win.
      const existing = this.stmt.getVersion.get(row.name, row.version) as EncodedVersion | undefined;
      if (existing) {
        if (existing.hash !== row.hash) throw versionExists(row.name, row.version);
        return { version: decodeVersion(existing), created: false };
      }
      this.stmt.insertVersion.run(row);
      return { version: decodeVersion(row), created: true };
    });
  }

  async getVersion(name: string, version: string): Promise<FunctionVersion | undefined> {
    await this.catalogReadable();
    const row = this.stmt.getVersion.get(name, version) as EncodedVersion | undefined;
    return row && decodeVersion(row);
  }

  async listVersions(name?: string): Promise<FunctionVersion[]> {
    await this.catalogReadable();
    if (name === undefined) {
      const keys = latestPerName(this.stmt.allKeys.all() as { name: string; version: string }[]);
      return keys.map((k) => decodeVersion(this.stmt.listedVersion.get(k.name, k.version) as EncodedVersion));
    }
    const rows = this.stmt.versionsOf.all(name) as EncodedVersion[];
    return rows.sort((a, b) => compareVersionsDesc(a.version, b.version)).map(decodeVersion);
  }

  setAlias(alias: FunctionAlias): Promise<void> {
    return this.catalogWrite(() => encodeAlias(alias), (row) => {
      this.stmt.upsertAlias.run(row);
    });
  }

  async getAlias(name: string, alias: string): Promise<FunctionAlias | undefined> {
    await this.catalogReadable();
    const row = this.stmt.getAlias.get(name, alias) as EncodedAlias | undefined;
    return row && decodeAlias(row);
  }

  async listAliases(name: string): Promise<FunctionAlias[]> {
    await this.catalogReadable();
    return (this.stmt.aliasesOf.all(name) as EncodedAlias[]).map(decodeAlias);
  }

  /**
   * Catalog reads (versions, aliases) wait only for pending catalog writes, not for
   * the journal's: a run's in-process function calls then join the commit of the step that made them.
   */
  private catalogReadable(): Promise<void> | void {
    if (this.catalogWrites > 0) return this.access.readable();
    this.access.assertOpen();
  }

  private catalogWrite<E, T>(encode: () => E, apply: (encoded: E) => T): Promise<T> {
    this.catalogWrites++;
    const done = this.access.write(encode, apply);
    const settle = () => {
      this.catalogWrites--;
    };
    done.then(settle, settle);
    return done;
  }

  recordInvocation(r: FunctionInvocation): Promise<void> {
    return this.access.write(
      () => ({ id: r.id, name: r.name, at: r.at, body: JSON.stringify(r) }),
      (e) => {
        this.stmt.insertInvocation.run(e.id, e.name, e.at, e.body);
        // Trimming scans the kept rows, so it runs once per TRIM_EVERY records, not on every one.
        if (++this.recorded % TRIM_EVERY === 0) this.stmt.trimInvocations.run(e.name, e.name);
      },
    );
  }

  async listInvocations(name: string, limit = 50): Promise<FunctionInvocation[]> {
    await this.access.readable();
    return (this.stmt.invocationsOf.all(name, limit) as { body: string }[]).map((row) => JSON.parse(row.body) as FunctionInvocation);
  }
}

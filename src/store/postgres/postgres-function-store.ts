/**
 * The FunctionStore on the PostgresStore's pool (tables from migration 2). Reached as
 * `PostgresStore.functions`, never built on its own: it shares the store's group commit (a deploy commits
 * with the run writes of its batch, each write in its own SAVEPOINT) and its closed state. Checks, JSON
 * encoding and semver ordering are shared with the other adapters (../function-encoding.ts).
 */
import type pg from 'pg';
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
import { driverError } from './driver-error.js';
import type { PgTx } from './group-commit.js';

/** What the owning PostgresStore lends: its write path, read barrier, closed check and pool. */
export interface PgWriteAccess {
  write<E, T>(encode: () => E, apply: (tx: PgTx, encoded: E) => Promise<T>): Promise<T>;
  /** Waits for submitted writes; rejects once the store is closed. */
  readable(): Promise<void>;
  /** Throws once the store is closed. */
  assertOpen(): void;
  query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Listings leave out the kept source (it can be up to a MB per version); single reads include it. */
const LIST_COLUMNS = 'name, version, hash, size, code, manifest, created_at AS "createdAt"';
const VERSION_COLUMNS = `${LIST_COLUMNS}, source`;
/** How often (in records written by this process) old invocation records are trimmed. */
const TRIM_EVERY = 200;

export class PostgresFunctionStore implements FunctionStore, InvocationStore {
  private recorded = 0;
  /** Version and alias writes not yet committed (catalog reads wait for them, and only for them). */
  private catalogWrites = 0;

  constructor(private readonly access: PgWriteAccess) {}

  putVersion(v: FunctionVersion): Promise<{ version: FunctionVersion; created: boolean }> {
    return this.catalogWrite(() => encodeVersion(v), async ({ client }, row) => {
      // ON CONFLICT keeps the check atomic even against another node; the stored row decides.
      const inserted = await client.query(
        `INSERT INTO function_versions (name, version, hash, size, code, manifest, created_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (name, version) DO NOTHING`,
        [row.name, row.version, row.hash, row.size, row.code, row.manifest, row.createdAt, row.source ?? null],
      );
      if (inserted.rowCount === 1) return { version: decodeVersion(row), created: true };
      const { rows } = await client.query<EncodedVersion>(`SELECT ${VERSION_COLUMNS} FROM function_versions WHERE name = $1 AND version = $2`, [row.name, row.version]);
      if (rows[0].hash !== row.hash) throw versionExists(row.name, row.version);
      return { version: decodeVersion(rows[0]), created: false };
    });
  }

  async getVersion(name: string, version: string): Promise<FunctionVersion | undefined> {
    await this.catalogReadable();
    const { rows } = await this.read<EncodedVersion>(`SELECT ${VERSION_COLUMNS} FROM function_versions WHERE name = $1 AND version = $2`, [name, version]);
    return rows[0] && decodeVersion(rows[0]);
  }

  async listVersions(name?: string): Promise<FunctionVersion[]> {
    await this.catalogReadable();
    if (name === undefined) {
      // Keys first (no code column), then the code of the newest version of each name only.
      const keys = latestPerName((await this.read<{ name: string; version: string }>('SELECT name, version FROM function_versions', [])).rows);
      if (keys.length === 0) return [];
      const { rows } = await this.read<EncodedVersion>(
        `SELECT ${LIST_COLUMNS} FROM function_versions WHERE (name, version) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [keys.map((k) => k.name), keys.map((k) => k.version)],
      );
      const byName = new Map(rows.map((r) => [r.name, r]));
      return keys.map((k) => decodeVersion(byName.get(k.name)!));
    }
    const { rows } = await this.read<EncodedVersion>(`SELECT ${LIST_COLUMNS} FROM function_versions WHERE name = $1`, [name]);
    return rows.sort((a, b) => compareVersionsDesc(a.version, b.version)).map(decodeVersion);
  }

  setAlias(alias: FunctionAlias): Promise<void> {
    return this.catalogWrite(() => encodeAlias(alias), async ({ client }, row) => {
      await client.query(
        `INSERT INTO function_aliases (name, alias, routes) VALUES ($1, $2, $3) ON CONFLICT (name, alias) DO UPDATE SET routes = excluded.routes`,
        [row.name, row.alias, row.routes],
      );
    });
  }

  async getAlias(name: string, alias: string): Promise<FunctionAlias | undefined> {
    await this.catalogReadable();
    const { rows } = await this.read<EncodedAlias>('SELECT name, alias, routes FROM function_aliases WHERE name = $1 AND alias = $2', [name, alias]);
    return rows[0] && decodeAlias(rows[0]);
  }

  async listAliases(name: string): Promise<FunctionAlias[]> {
    await this.catalogReadable();
    return (await this.read<EncodedAlias>('SELECT name, alias, routes FROM function_aliases WHERE name = $1 ORDER BY alias', [name])).rows.map(decodeAlias);
  }

  recordInvocation(r: FunctionInvocation): Promise<void> {
    return this.access.write(
      () => ({ id: r.id, name: r.name, at: r.at, body: JSON.stringify(r) }),
      async ({ client }, e) => {
        // Replaces a record with the same id (SQLite: INSERT OR REPLACE), as the newest one.
        await client.query(
          `INSERT INTO function_invocations (id, name, at, body) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, at = excluded.at, body = excluded.body, ord = excluded.ord`,
          [e.id, e.name, e.at, e.body],
        );
        // Trimming scans the kept rows, so it runs once per TRIM_EVERY records, not on every one.
        if (++this.recorded % TRIM_EVERY === 0) {
          await client.query(
            `DELETE FROM function_invocations WHERE name = $1 AND id NOT IN
             (SELECT id FROM function_invocations WHERE name = $1 ORDER BY at DESC, ord DESC LIMIT ${KEEP_INVOCATIONS})`,
            [e.name],
          );
        }
      },
    );
  }

  async listInvocations(name: string, limit = 50): Promise<FunctionInvocation[]> {
    await this.access.readable();
    const { rows } = await this.read<{ body: string }>('SELECT body FROM function_invocations WHERE name = $1 ORDER BY at DESC, ord DESC LIMIT $2', [name, limit]);
    return rows.map((row) => JSON.parse(row.body) as FunctionInvocation);
  }

  /** Catalog reads wait only for pending catalog writes, not for the journal's (as in the SQLite adapter). */
  private async catalogReadable(): Promise<void> {
    if (this.catalogWrites > 0) return this.access.readable();
    this.access.assertOpen();
  }

  private catalogWrite<E, T>(encode: () => E, apply: (tx: PgTx, encoded: E) => Promise<T>): Promise<T> {
    this.catalogWrites++;
    const done = this.access.write(encode, apply);
    const settle = () => {
      this.catalogWrites--;
    };
    done.then(settle, settle);
    return done;
  }

  private async read<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.access.query<R>(sql, params);
    } catch (err) {
      throw driverError(err);
    }
  }
}

/**
 * Versioned schema migrations. The schema version is SQLite's `PRAGMA user_version` (a header field, so
 * it changes in the same transaction as the DDL). Migrations only ever get appended to this list: a
 * released migration is never edited, because databases in the field have already run it.
 */
import type Database from 'better-sqlite3';
import { STORE_ERROR_CODES, StoreError } from '../errors.js';
import { driverError } from './driver-error.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/*
 * Times are epoch milliseconds in REAL columns: STRICT tables refuse fractional values in INTEGER columns,
 * and the port's times are plain JS numbers, which a REAL (float64) holds exactly.
 * JSON-valued columns hold JSON text (see ../encoding.ts). Journal rows keep kind/key/at next to the body
 * so that tools can query them without parsing the JSON.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, journal, timers',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        definition TEXT NOT NULL,
        input TEXT NOT NULL,
        status TEXT NOT NULL,
        output TEXT,
        error TEXT,
        created_at REAL NOT NULL,
        ended_at REAL
      ) STRICT;
      CREATE INDEX runs_status ON runs (status);
      CREATE INDEX runs_created_at ON runs (created_at);

      CREATE TABLE journal (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        key TEXT,
        body TEXT NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE timers (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        fire_at REAL NOT NULL,
        PRIMARY KEY (run_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX timers_fire_at ON timers (fire_at);
    `,
  },
  {
    version: 2,
    name: 'function versions and aliases',
    // Versions are immutable rows (the code can be MBs, so a rowid table: WITHOUT ROWID suits small rows).
    // Alias routes are JSON text ([{version, weight}]); they are not foreign keys because an alias is
    // checked against the versions by the deployer, and versions are never deleted.
    sql: `
      CREATE TABLE function_versions (
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        code TEXT NOT NULL,
        manifest TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (name, version)
      ) STRICT;

      CREATE TABLE function_aliases (
        name TEXT NOT NULL,
        alias TEXT NOT NULL,
        routes TEXT NOT NULL,
        PRIMARY KEY (name, alias)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'function invocations',
    // One row per invocation, the whole record as JSON; the index serves "newest of a function".
    sql: `
      CREATE TABLE function_invocations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        at REAL NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX function_invocations_by_name ON function_invocations (name, at DESC);
    `,
  },
  {
    version: 4,
    name: 'workflows, api keys, audit, run filters',
    // Runs: an idempotency key is unique per workflow (a partial index: runs without one are unconstrained).
    // Listing is newest first by (created_at, id), which is also the `before` cursor's order; the second
    // indexes serve the API's usual filters (one workflow, one namespace) in that order, so a page reads
    // only its rows; a run row is inserted once and these columns never change, so they cost little.
    // runs_newest supersedes the single-column created_at index, which would only cost writes now.
    // Workflows, keys and audit records are kept whole as JSON text (`definition`, `body`); the other
    // columns are the ones that queries filter or order by. Audit seq is the rowid (INTEGER PRIMARY KEY).
    sql: `
      ALTER TABLE runs ADD COLUMN idempotency_key TEXT;
      ALTER TABLE runs ADD COLUMN traceparent TEXT;
      CREATE UNIQUE INDEX runs_idempotency ON runs (namespace, name, idempotency_key) WHERE idempotency_key IS NOT NULL;
      DROP INDEX runs_created_at;
      CREATE INDEX runs_newest ON runs (created_at DESC, id DESC);
      CREATE INDEX runs_by_workflow ON runs (namespace, name, created_at DESC, id DESC);
      CREATE INDEX runs_by_namespace ON runs (namespace, created_at DESC, id DESC);

      CREATE TABLE workflows (
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        definition TEXT NOT NULL,
        source TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (namespace, name, version)
      ) STRICT;

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        expires_at REAL,
        revoked_at REAL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX api_keys_created ON api_keys (created_at, id);

      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_by_actor ON audit (actor, seq DESC);
      CREATE INDEX audit_by_action ON audit (action, seq DESC);
    `,
  },
  {
    version: 5,
    name: 'events, deliveries, event catalog, schedules',
    // Events: seq is the log position (AUTOINCREMENT: never reused, even if old events are trimmed one day);
    // UNIQUE (source, id) is the CloudEvents identity that `append` deduplicates on. The listing indexes
    // end in seq, so a filtered page is read in log order without sorting.
    // Deliveries: one row per (subscription, event), inserted with their event. The queue indexes are
    // partial: `due` reads only pending rows and `dead` only dead ones, so the done rows that pile up never
    // enter (or slow down) either index, and a settled delivery leaves the due index. Their columns are the
    // queries' ORDER BY, so a page of due work is an index range scan. Not a foreign key: the only writer
    // inserts a delivery with its event, and a foreign key would need an index on deliveries (seq) to
    // delete events later.
    // Catalog rows and schedules are small and keyed by name; the catalog keeps each record whole as JSON.
    sql: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        received_at REAL NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (source, id)
      ) STRICT;
      CREATE INDEX events_by_type ON events (type, seq);
      CREATE INDEX events_by_source ON events (source, seq);
      CREATE INDEX events_received ON events (received_at);

      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        subscription TEXT NOT NULL,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        due_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        last_error TEXT
      ) STRICT;
      CREATE INDEX deliveries_due ON deliveries (due_at, seq, subscription) WHERE status = 'pending';
      CREATE INDEX deliveries_dead ON deliveries (updated_at DESC, seq DESC, subscription DESC) WHERE status = 'dead';

      CREATE TABLE event_types (
        type TEXT PRIMARY KEY,
        schema TEXT NOT NULL,
        updated_at REAL NOT NULL
      ) STRICT;

      CREATE TABLE subscriptions (
        name TEXT PRIMARY KEY,
        body TEXT NOT NULL
      ) STRICT;

      CREATE TABLE webhooks (
        path TEXT PRIMARY KEY,
        body TEXT NOT NULL
      ) STRICT;

      CREATE TABLE schedules (
        key TEXT PRIMARY KEY,
        last_slot REAL,
        updated_at REAL NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'function version sources',
    // The source files a version was built from, as JSON text ({ files, entry }); NULL for versions
    // deployed before sources were kept, or whose source was over the size bound (function-encoding.ts).
    sql: `ALTER TABLE function_versions ADD COLUMN source TEXT;`,
  },
  {
    version: 7,
    name: 'secrets and secret versions',
    // The vault (ports/secret-store.ts): a secret's metadata is kept whole as JSON text (`body`), with its
    // current version copied out for putVersion's compare-and-set. Versions are sealed values with their
    // wrapped data keys; a version belongs to its secret (deleting the secret deletes its versions, in the
    // same statement). secret_versions_by_key serves rekey: the versions wrapped by another master key,
    // and the distinct key ids. Versions are a rowid table: a sealed value can be large.
    sql: `
      CREATE TABLE secrets (
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        current INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (namespace, name)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE secret_versions (
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        sealed TEXT NOT NULL,
        wrapped_key TEXT NOT NULL,
        key_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (namespace, name, version),
        FOREIGN KEY (namespace, name) REFERENCES secrets (namespace, name) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX secret_versions_by_key ON secret_versions (key_id);
    `,
  },
  {
    version: 8,
    name: 'secret usage',
    // Who read which secret version (ports/secret-usage-store.ts): one row per (secret, version, reader)
    // with counts the vault adds in batches. No foreign key to `secrets`: a batch of reads noted before a
    // delete may land after it, and must not fail the batch; the vault deletes a secret's rows with it.
    sql: `
      CREATE TABLE secret_usage (
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        reader TEXT NOT NULL,
        first_at REAL NOT NULL,
        last_at REAL NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (namespace, name, version, kind, reader)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/**
 * Brings the database to the latest version in ONE immediate transaction, so two processes opening the
 * same file cannot both migrate, and a failing migration leaves the previous version intact.
 * Returns the versions applied (empty when the schema was current).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const run = db.transaction((): number[] => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new StoreError(STORE_ERROR_CODES.schema, `database schema version ${current} is newer than this build knows (${latest})`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      // user_version takes no bound parameters; the version is a number from this file, not input.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
      applied.push(m.version);
    }
    return applied;
  });
  try {
    return run.immediate();
  } catch (err) {
    throw driverError(err, STORE_ERROR_CODES.schema);
  }
}

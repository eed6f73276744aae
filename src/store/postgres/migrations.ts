/**
 * Versioned PostgreSQL schema migrations, in the spirit of ../sqlite/migrations.ts: an append-only list
 * (a released migration is never edited), applied when a store opens. The applied versions are rows of
 * `weft_migrations` in the store's schema. All pending migrations run in ONE transaction that first takes
 * `pg_advisory_xact_lock` on the schema's name, so several nodes starting at once migrate exactly once:
 * the others wait for the lock, then find the schema current.
 */
import type pg from 'pg';
import { STORE_ERROR_CODES, StoreError } from '../errors.js';
import { driverError } from './driver-error.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/*
 * Times are epoch milliseconds as `double precision` (float8): any JS number round-trips exactly.
 * JSON values are `text` holding JSON (../encoding.ts), not jsonb: jsonb refuses `\u0000` and reorders
 * keys, and the contract wants values back exactly as JSON.parse(JSON.stringify(v)).
 * Key columns use COLLATE "C" (byte order of UTF-8 = code point order), the order `listRuns` ties and
 * cursors on, whatever the database's default collation is.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, journal, timers',
    // journal's primary key (run_id, seq) is what makes appends optimistic: two writers that read the same
    // head both try to insert head + 1, and the second one fails (postgres-store.ts maps it to CONFLICT).
    sql: `
      CREATE TABLE runs (
        id text COLLATE "C" PRIMARY KEY,
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        version text COLLATE "C" NOT NULL,
        definition text NOT NULL,
        input text NOT NULL,
        status text NOT NULL,
        output text,
        error text,
        created_at double precision NOT NULL,
        ended_at double precision,
        idempotency_key text COLLATE "C",
        traceparent text
      );
      CREATE UNIQUE INDEX runs_idempotency ON runs (namespace, name, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX runs_newest ON runs (created_at DESC, id DESC);
      CREATE INDEX runs_by_workflow ON runs (namespace, name, created_at DESC, id DESC);
      CREATE INDEX runs_by_namespace ON runs (namespace, created_at DESC, id DESC);
      CREATE INDEX runs_status ON runs (status);

      CREATE TABLE journal (
        run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        kind text NOT NULL,
        key text,
        body text NOT NULL,
        at double precision NOT NULL,
        CONSTRAINT journal_pkey PRIMARY KEY (run_id, seq)
      );

      CREATE TABLE timers (
        run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key text COLLATE "C" NOT NULL,
        fire_at double precision NOT NULL,
        PRIMARY KEY (run_id, key)
      );
      CREATE INDEX timers_fire_at ON timers (fire_at);
    `,
  },
  {
    version: 2,
    name: 'function versions, aliases, invocations',
    // Invocations: `ord` breaks ties on `at` in insertion order (SQLite uses the rowid).
    sql: `
      CREATE TABLE function_versions (
        name text COLLATE "C" NOT NULL,
        version text COLLATE "C" NOT NULL,
        hash text NOT NULL,
        size integer NOT NULL,
        code text NOT NULL,
        manifest text NOT NULL,
        created_at double precision NOT NULL,
        PRIMARY KEY (name, version)
      );

      CREATE TABLE function_aliases (
        name text COLLATE "C" NOT NULL,
        alias text COLLATE "C" NOT NULL,
        routes text NOT NULL,
        PRIMARY KEY (name, alias)
      );

      CREATE TABLE function_invocations (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL,
        at double precision NOT NULL,
        ord bigserial NOT NULL,
        body text NOT NULL
      );
      CREATE INDEX function_invocations_by_name ON function_invocations (name, at DESC, ord DESC);
    `,
  },
  {
    version: 3,
    name: 'workflows, api keys, audit, events, deliveries, event catalog, schedules',
    // The tables of SQLite's migrations 4 and 5, with the same columns and indexes. Log positions (audit
    // and event seq) are bigint; the adapters read them back cast to float8, so they arrive as JS numbers
    // (node-postgres returns int8 as a string). Event seqs come from an identity column, but appends take
    // an advisory lock (postgres-event-log.ts), so seqs become visible in order across nodes.
    // Deliveries: the partial indexes keep the done rows out of the queue scans, as in SQLite.
    sql: `
      CREATE TABLE workflows (
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        version text COLLATE "C" NOT NULL,
        definition text NOT NULL,
        source text NOT NULL,
        hash text NOT NULL,
        created_at double precision NOT NULL,
        PRIMARY KEY (namespace, name, version)
      );

      CREATE TABLE api_keys (
        id text COLLATE "C" PRIMARY KEY,
        created_at double precision NOT NULL,
        expires_at double precision,
        revoked_at double precision,
        body text NOT NULL
      );
      CREATE INDEX api_keys_created ON api_keys (created_at, id);

      CREATE TABLE audit (
        seq bigint PRIMARY KEY,
        hash text NOT NULL,
        actor text COLLATE "C" NOT NULL,
        action text COLLATE "C" NOT NULL,
        body text NOT NULL
      );
      CREATE INDEX audit_by_actor ON audit (actor, seq DESC);
      CREATE INDEX audit_by_action ON audit (action, seq DESC);

      CREATE TABLE events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        received_at double precision NOT NULL,
        body text NOT NULL,
        CONSTRAINT events_source_id UNIQUE (source, id)
      );
      CREATE INDEX events_by_type ON events (type, seq);
      CREATE INDEX events_by_source ON events (source, seq);
      CREATE INDEX events_received ON events (received_at);

      CREATE TABLE deliveries (
        id text COLLATE "C" PRIMARY KEY,
        subscription text COLLATE "C" NOT NULL,
        seq bigint NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL,
        due_at double precision NOT NULL,
        updated_at double precision NOT NULL,
        last_error text
      );
      CREATE INDEX deliveries_due ON deliveries (due_at, seq, subscription) WHERE status = 'pending';
      CREATE INDEX deliveries_dead ON deliveries (updated_at DESC, seq DESC, subscription DESC) WHERE status = 'dead';

      CREATE TABLE event_types (
        type text COLLATE "C" PRIMARY KEY,
        schema text NOT NULL,
        updated_at double precision NOT NULL
      );

      CREATE TABLE subscriptions (
        name text COLLATE "C" PRIMARY KEY,
        body text NOT NULL
      );

      CREATE TABLE webhooks (
        path text COLLATE "C" PRIMARY KEY,
        body text NOT NULL
      );

      CREATE TABLE schedules (
        key text COLLATE "C" PRIMARY KEY,
        last_slot double precision,
        updated_at double precision NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'run leases and cluster nodes',
    // Leases live in their own table, not in the runs row: a heartbeat renews all of a node's leases in
    // one UPDATE, and it must never queue behind (or deadlock with) the journal writes that update run
    // rows. A lease row is inserted with its run and deleted when the run ends, in the same transactions.
    sql: `
      CREATE TABLE run_leases (
        run_id text COLLATE "C" PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        owner text COLLATE "C",
        expires bigint NOT NULL DEFAULT 0
      );
      CREATE INDEX run_leases_owner ON run_leases (owner);
      CREATE INDEX run_leases_expires ON run_leases (expires);
      INSERT INTO run_leases (run_id) SELECT id FROM runs WHERE status IN ('pending', 'running', 'waiting', 'suspended');

      CREATE TABLE nodes (
        id text COLLATE "C" PRIMARY KEY,
        roles text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        address text,
        started_at bigint NOT NULL,
        heartbeat_at bigint NOT NULL,
        lease_ms integer NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'function version sources',
    // The source files a version was built from, as JSON text ({ files, entry }); NULL for versions
    // deployed before sources were kept, or whose source was over the size bound (function-encoding.ts).
    sql: `ALTER TABLE function_versions ADD COLUMN source text;`,
  },
  {
    version: 6,
    name: 'secrets and secret versions',
    // SQLite's migration 7: the vault's secrets (the record whole as JSON text, its current version copied
    // out for putVersion's compare-and-set) and their sealed versions, deleted with their secret (ON DELETE
    // CASCADE, in the deleting statement). Version numbers are bigint, as SQLite's INTEGER (the adapter
    // reads them back cast to float8). secret_versions_by_key serves rekey's work list and key ids.
    sql: `
      CREATE TABLE secrets (
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        current bigint NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (namespace, name)
      );

      CREATE TABLE secret_versions (
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        version bigint NOT NULL,
        sealed text NOT NULL,
        wrapped_key text NOT NULL,
        key_id text COLLATE "C" NOT NULL,
        created_at double precision NOT NULL,
        created_by text NOT NULL,
        CONSTRAINT secret_versions_pkey PRIMARY KEY (namespace, name, version),
        FOREIGN KEY (namespace, name) REFERENCES secrets (namespace, name) ON DELETE CASCADE
      );
      CREATE INDEX secret_versions_by_key ON secret_versions (key_id);
    `,
  },
  {
    version: 7,
    name: 'secret usage',
    // SQLite's migration 8: who read which secret version, one row per (secret, version, reader) with
    // counts the vault adds in batches. No foreign key to `secrets`: reads noted before a delete may land
    // after it and must not fail their batch; the vault deletes a secret's rows with it.
    sql: `
      CREATE TABLE secret_usage (
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        version bigint NOT NULL,
        kind text COLLATE "C" NOT NULL,
        reader text COLLATE "C" NOT NULL,
        first_at double precision NOT NULL,
        last_at double precision NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (namespace, name, version, kind, reader)
      );
    `,
  },
];

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are restricted to plain lower-case identifiers, so they never need quoting or escaping. */
export function checkSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(STORE_ERROR_CODES.invalid, `schema ${JSON.stringify(schema)} must match ${SCHEMA_NAME}`);
  }
  return schema;
}

/**
 * Creates `schema` if needed and brings it to the latest version in one transaction under an advisory
 * lock. Returns the versions applied (empty when the schema was current).
 */
export async function migrate(client: pg.PoolClient, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkSchema(schema);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  try {
    await client.query('BEGIN');
    // Held until COMMIT/ROLLBACK. CREATE SCHEMA IF NOT EXISTS itself races without it (unique violation).
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`weft:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS weft_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM weft_migrations');
    const current = rows[0].v ?? 0;
    if (current > latest) {
      throw new StoreError(STORE_ERROR_CODES.schema, `schema ${schema} is at version ${current}, newer than this build knows (${latest})`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO weft_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw driverError(err, STORE_ERROR_CODES.schema);
  }
}

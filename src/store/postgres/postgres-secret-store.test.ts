import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../ports/index.js';
import { secretRecord, secretStoreContract, secretVersion } from '../contracts/secret-store-contract.js';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ store: s.secrets, close: () => s.close(), schema: s.schema });
secretStoreContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

/** A plain connection to the test database, outside any store (to hold locks while the stores race). */
async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_URL });
  await client.connect();
  return client;
}

/**
 * Waits (up to 5 s) until `n` backends wait for a lock while running a statement starting with `prefix`.
 * `client` must not be in a transaction: pg_stat_activity is read once per transaction.
 */
async function waiters(client: pg.Client, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
      [`${prefix}%`],
    );
    if (rows[0].n >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${n} writers never waited on the lock`);
}

/**
 * Two nodes store a new version of shop/TOKEN, both expecting `from`: `a` stores from + 1 and `b`
 * stores from + `bAhead` (a number of its own when above 1: then only the compare-and-set on the secret
 * row, not the versions' primary key, can refuse one of them). Returns the winner and its version.
 */
async function race(a: SecretStore, b: SecretStore, from: number, bAhead = 1): Promise<{ who: 'a' | 'b'; version: number }> {
  const racers = [
    { who: 'a', store: a, version: from + 1 },
    { who: 'b', store: b, version: from + bAhead },
  ] as const;
  const outcomes = await Promise.allSettled(
    racers.map(({ who, store, version }) =>
      store.putVersion(secretRecord('shop', 'TOKEN', version, { description: who }), secretVersion('shop', 'TOKEN', version, { sealed: who, createdBy: who }), from),
    ),
  );
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: STORE_ERROR_CODES.conflict } });
  return racers[outcomes[0].status === 'fulfilled' ? 0 : 1];
}

describe('PostgresStore.secrets', () => {
  it('two nodes storing a version from the same current one at once: exactly one wins, the loser writes nothing', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    const blocker = await connect();
    const observer = await connect();
    try {
      // A new secret (both expect 0): both inserts wait behind a table lock, then run together.
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${a.schema}.secrets IN SHARE MODE`);
      const created = race(a.secrets, b.secrets, 0, 2);
      await waiters(observer, 'INSERT INTO secrets', 2);
      await blocker.query('COMMIT');
      const first = await created;

      // An existing secret (both expect its current version): both updates queue on the row's lock; the
      // second re-checks `current` once the first committed, and finds it moved.
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM ${a.schema}.secrets WHERE namespace = 'shop' AND name = 'TOKEN' FOR UPDATE`);
      const advanced = race(a.secrets, b.secrets, first.version, 2);
      await waiters(observer, 'UPDATE secrets', 2);
      await blocker.query('COMMIT');
      const second = await advanced;

      for (const store of [a.secrets, b.secrets]) {
        expect(await store.get('shop', 'TOKEN')).toEqual(secretRecord('shop', 'TOKEN', second.version, { description: second.who }));
        expect(await store.versions('shop', 'TOKEN')).toEqual([
          secretVersion('shop', 'TOKEN', second.version, { sealed: second.who, createdBy: second.who }),
          secretVersion('shop', 'TOKEN', first.version, { sealed: first.who, createdBy: first.who }),
        ]);
      }
    } finally {
      await blocker.end();
      await observer.end();
      await a.close();
      await b.close();
    }
  });

  it('two nodes racing without help: still one winner per version', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    const winners = [];
    for (let v = 0; v < 5; v++) winners.push((await race(a.secrets, b.secrets, v)).who);
    expect((await b.secrets.versions('shop', 'TOKEN')).map((v) => v.sealed)).toEqual(winners.reverse());
    await a.close();
    await b.close();
  });

  it('a version is rewrapped once even when two nodes rekey it at once', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    await a.secrets.putVersion(secretRecord('shop', 'A', 1), secretVersion('shop', 'A', 1), 0);
    const done = await Promise.all([a.secrets.rewrap('shop', 'A', 1, 'k1', 'by-a', 'k2'), b.secrets.rewrap('shop', 'A', 1, 'k1', 'by-b', 'k2')]);
    expect(done.filter(Boolean)).toHaveLength(1);
    expect((await a.secrets.getVersion('shop', 'A', 1))?.wrappedKey).toBe(done[0] ? 'by-a' : 'by-b');
    await a.close();
    await b.close();
  });

  it('a refused putVersion leaves the other writes of its batch alone; deleting leaves no version rows', async () => {
    const store = await schemas.open();
    try {
      await store.secrets.putVersion(secretRecord('shop', 'TOKEN', 1), secretVersion('shop', 'TOKEN', 1), 0);
      const outcomes = await Promise.allSettled([
        store.secrets.putVersion(secretRecord('shop', 'TOKEN', 2), secretVersion('shop', 'TOKEN', 2), 1),
        store.secrets.putVersion(secretRecord('shop', 'TOKEN', 2, { description: 'late' }), secretVersion('shop', 'TOKEN', 2, { sealed: 'late' }), 1),
        store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.secrets.getVersion('shop', 'TOKEN', 2)).toEqual(secretVersion('shop', 'TOKEN', 2));
      expect((await store.getRun('r1'))?.id).toBe('r1');
      expect(await store.secrets.delete('shop', 'TOKEN')).toBe(true);
      const client = await connect();
      try {
        expect((await client.query(`SELECT count(*)::int AS n FROM ${store.schema}.secret_versions`)).rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
    }
  });

  it('migration 6 adds the vault tables to a version 5 schema, keeping its data', async () => {
    const schema = schemas.fresh();
    const pool = new pg.Pool({ connectionString: TEST_URL, max: 1 });
    const client = await pool.connect();
    try {
      expect(await migrate(client, schema, MIGRATIONS.filter((m) => m.version <= 5))).toEqual([1, 2, 3, 4, 5]);
      await client.query(`INSERT INTO ${schema}.runs (id, namespace, name, version, definition, input, status, created_at)
        VALUES ('old', 'default', 'flow', '1.0.0', '{"do":[]}', '{"n":1}', 'running', 1700000000000)`);
    } finally {
      client.release();
      await pool.end();
    }
    const store = await PostgresStore.open(TEST_URL, { schema, poolSize: 2 });
    try {
      expect(await store.getRun('old')).toEqual(runRecord('old'));
      expect(await store.secrets.list()).toEqual([]);
      await store.secrets.putVersion(secretRecord('shop', 'TOKEN', 1), secretVersion('shop', 'TOKEN', 1), 0);
      expect(await store.secrets.keyIds()).toEqual(['k1']);
    } finally {
      await store.close();
    }
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.secrets.putVersion(secretRecord('shop', 'A', 1), secretVersion('shop', 'A', 1), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.putRecord(secretRecord('shop', 'A', 1))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.get('shop', 'A')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.list()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.versions('shop', 'A')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.delete('shop', 'A')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.rewrap('shop', 'A', 1, 'k1', 'w', 'k2')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.wrappedByOther('k2', 10)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.keyIds()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});

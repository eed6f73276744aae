import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runRecord, runStoreContract } from '../contracts/run-store-contract.js';
import { timerStoreContract } from '../contracts/timer-store-contract.js';
import { STORE_ERROR_CODES, StoreError } from '../errors.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped, and
// every test FAILS when PostgreSQL is unreachable (open rejects): the suite is meaningless without it.
timerStoreContract('postgres', () => schemas.open());
runStoreContract('postgres', () => schemas.open(), {
  reopen: async (closed) => PostgresStore.open(TEST_URL, { schema: (closed as PostgresStore).schema, poolSize: 4 }),
});

const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;
const started = { kind: 'started', at: 1, input: null } as const;
const resolved = (key: string, value: number) => ({ kind: 'resolved', at: 2, key, value }) as const;

describe('PostgresStore', () => {
  const open: PostgresStore[] = [];
  const track = (s: PostgresStore) => (open.push(s), s);
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  const versions = async (schema: string) => {
    const client = new pg.Client({ connectionString: TEST_URL });
    await client.connect();
    try {
      return (await client.query<{ version: number }>(`SELECT version FROM ${schema}.weft_migrations ORDER BY version`)).rows.map((r) => r.version);
    } finally {
      await client.end();
    }
  };

  it('five nodes opening one new schema at once migrate it exactly once', async () => {
    const schema = schemas.fresh();
    const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresStore.open(TEST_URL, { schema, poolSize: 2 })));
    stores.forEach(track);
    expect(await versions(schema)).toEqual(MIGRATIONS.map((m) => m.version));
    await stores[0].createRun(runRecord('r1'), started);
    expect((await stores[4].getRun('r1'))?.id).toBe('r1');
  });

  it('applies only pending migrations, and refuses a schema newer than this build', async () => {
    const schema = schemas.fresh();
    const pool = new pg.Pool({ connectionString: TEST_URL, max: 1 });
    const client = await pool.connect();
    try {
      expect(await migrate(client, schema, MIGRATIONS.slice(0, 1))).toEqual([1]);
      expect(await migrate(client, schema)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
      expect(await migrate(client, schema)).toEqual([]);
      const broken = { version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE half (a int); NOT SQL' };
      await expect(migrate(client, schema, [...MIGRATIONS, broken])).rejects.toMatchObject({ code: STORE_ERROR_CODES.schema });
      expect(await versions(schema)).toEqual(MIGRATIONS.map((m) => m.version));
      await client.query(`INSERT INTO ${schema}.weft_migrations (version, name) VALUES ($1, 'future')`, [LATEST + 1]);
    } finally {
      client.release();
      await pool.end();
    }
    await expect(PostgresStore.open(TEST_URL, { schema })).rejects.toMatchObject({ code: STORE_ERROR_CODES.schema });
  });

  it('refuses a schema name that would need quoting', async () => {
    await expect(PostgresStore.open(TEST_URL, { schema: 'x; DROP TABLE runs' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
  });

  it('an unreachable server fails open with a coded error', async () => {
    await expect(PostgresStore.open('postgres://postgres@127.0.0.1:1/test', { schema: 'weft_unreachable' })).rejects.toBeInstanceOf(StoreError);
  });

  it('group commit: writes of one turn share one transaction; awaited writes are one each', async () => {
    const store = track(await schemas.open());
    await store.createRun(runRecord('r1'), started);
    const before = store.commits;
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.append('r1', [resolved(`k${i}`, i)])));
    expect(store.commits - before).toBe(1);
    for (let i = 0; i < 3; i++) await store.append('r1', [resolved(`s${i}`, i)]);
    expect(store.commits - before).toBe(4);
  });

  it('a writer whose view of the journal is stale is refused with a retryable CONFLICT', async () => {
    const a = track(await schemas.open());
    const b = track(await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }));
    await a.createRun(runRecord('r1'), started);
    expect(await b.journal('r1')).toHaveLength(1);
    await a.append('r1', [resolved('a', 1)]);
    const err = await b.append('r1', [resolved('b', 2)]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: STORE_ERROR_CODES.conflict, status: 409, retryable: true });
    expect((await a.journal('r1')).map((e) => ('key' in e ? e.key : e.kind))).toEqual(['started', 'a']);
    // Having read the journal again, b appends after a's step.
    expect(await b.journal('r1')).toHaveLength(2);
    await b.append('r1', [resolved('b', 2)]);
    expect(await a.journal('r1')).toHaveLength(3);
  });

  it('of two nodes appending the next step from the same head, exactly one wins', async () => {
    const a = track(await schemas.open());
    const b = track(await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }));
    for (let round = 0; round < 10; round++) {
      const id = `r${round}`;
      await a.createRun(runRecord(id), started);
      await Promise.all([a.journal(id), b.journal(id)]);
      const results = await Promise.allSettled([a.append(id, [resolved('a', 1)]), b.append(id, [resolved('b', 2)])]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: STORE_ERROR_CODES.conflict });
      expect(await a.journal(id)).toHaveLength(2);
    }
  });

  it('a redrive from a node whose view of the journal is stale: allowed (the run ended); of two nodes at once one wins', async () => {
    const a = track(await schemas.open());
    const b = track(await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }));
    const problem = { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/runtime', status: 500, title: 'x' };
    for (const id of ['r1', 'r2']) {
      await a.createRun(runRecord(id), started);
      await b.journal(id);
      await b.append(id, [resolved('a', 1), { kind: 'faulted', at: 2, error: problem }]);
    }
    await a.append('r1', [{ kind: 'redriven', at: 3, superseded: [] }]);
    expect(await b.getRun('r1')).toMatchObject({ status: 'running' });
    await b.append('r1', [resolved('b', 2)]);
    const both = await Promise.allSettled([a.append('r2', [{ kind: 'redriven', at: 3, superseded: [] }]), b.append('r2', [{ kind: 'redriven', at: 3, superseded: [] }])]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: STORE_ERROR_CODES.conflict });
    expect((await a.journal('r2')).map((e) => e.kind)).toEqual(['started', 'resolved', 'faulted', 'redriven']);
  });

  it('the unique index refuses a second idempotency key per workflow even across nodes', async () => {
    const a = track(await schemas.open());
    const b = track(await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }));
    const results = await Promise.allSettled([
      a.createRun(runRecord('x', { idempotencyKey: 'k' }), started),
      b.createRun(runRecord('y', { idempotencyKey: 'k' }), started),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: STORE_ERROR_CODES.duplicateRun });
    expect(await a.listRuns({ idempotencyKey: 'k' })).toHaveLength(1);
  });

  it('a resolved write is committed: another connection sees it', async () => {
    const store = track(await schemas.open());
    const client = new pg.Client({ connectionString: TEST_URL });
    await client.connect();
    try {
      await store.createRun(runRecord('r1'), started);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${store.schema}.journal`);
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { workflowRecord, workflowStoreContract } from '../contracts/workflow-store-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ store: s.workflows, close: () => s.close(), schema: s.schema });
workflowStoreContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

const started = { kind: 'started', at: 1, input: null } as const;

describe('PostgresStore.workflows', () => {
  it('shares the group commit of the runs: a registration and run writes of one turn are one transaction', async () => {
    const store = await schemas.open();
    const before = store.commits;
    await Promise.all([store.createRun(runRecord('r1'), started), store.workflows.put(workflowRecord('shop', 'order', '1.0.0'))]);
    expect(store.commits - before).toBe(1);
    await store.close();
  });

  it('get waits for a pending workflow write, but not for pending journal writes alone', async () => {
    const store = await schemas.open();
    void store.workflows.put(workflowRecord('shop', 'order', '1.0.0'));
    expect((await store.workflows.get('shop', 'order'))?.version).toBe('1.0.0');
    const created = store.createRun(runRecord('r1'), started);
    const commits = store.commits;
    expect((await store.workflows.get('shop', 'order', '1.0.0'))?.version).toBe('1.0.0');
    // Read before the run's batch committed: the catalog read did not wait for it.
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('of two nodes registering one version with different content, exactly one wins', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    const results = await Promise.allSettled([
      a.workflows.put(workflowRecord('shop', 'order', '1.0.0', { hash: 'a' })),
      b.workflows.put(workflowRecord('shop', 'order', '1.0.0', { hash: 'b' })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: STORE_ERROR_CODES.versionExists });
    expect(await b.workflows.versions('shop', 'order')).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.workflows.put(workflowRecord('shop', 'order', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.workflows.get('shop', 'order')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.workflows.list()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});

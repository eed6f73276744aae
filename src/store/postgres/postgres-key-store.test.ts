import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { apiKey, keyStoreContract } from '../contracts/key-store-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ store: s.keys, close: () => s.close(), schema: s.schema });
keyStoreContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

describe('PostgresStore.keys', () => {
  it('get sees a key put in the same turn, without waiting for pending journal writes alone', async () => {
    const store = await schemas.open();
    void store.keys.put(apiKey('k1'));
    expect(await store.keys.get('k1')).toEqual(apiKey('k1'));
    const created = store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null });
    const commits = store.commits;
    expect(await store.keys.get('k1')).toEqual(apiKey('k1'));
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('a key put on one node is seen by another', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    await a.keys.put(apiKey('k1'));
    expect(await b.keys.get('k1')).toEqual(apiKey('k1'));
    expect(await b.keys.countActive(0)).toBe(1);
    await a.close();
    await b.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.keys.put(apiKey('k1'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.keys.get('k1')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.keys.countActive(0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { invocationStoreContract } from '../contracts/invocation-store-contract.js';
import { functionStoreContract, functionVersion } from '../contracts/function-store-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema. No test is skipped.
functionStoreContract('postgres', async () => {
  const s = await schemas.open();
  return { store: s.functions, close: () => s.close() };
});
invocationStoreContract('postgres', async () => {
  const s = await schemas.open();
  return { invocations: s.invocations, close: () => s.close() };
});

describe('PostgresStore.functions', () => {
  it('survives reopening the schema, and is visible to another node', async () => {
    const first = await schemas.open();
    const other = await PostgresStore.open(TEST_URL, { schema: first.schema, poolSize: 2 });
    const v = functionVersion('price', '1.0.0', { code: 'x'.repeat(100_000), size: 100_000 });
    await first.functions.putVersion(v);
    await first.functions.setAlias({ name: 'price', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] });
    expect(await other.functions.getVersion('price', '1.0.0')).toEqual(v);
    await first.close();
    await other.close();
    const again = await PostgresStore.open(TEST_URL, { schema: first.schema });
    expect(await again.functions.getVersion('price', '1.0.0')).toEqual(v);
    expect(await again.functions.getAlias('price', 'live')).toEqual({ name: 'price', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] });
    await again.close();
  });

  it('shares the group commit of the runs: a deploy and run writes of one turn are one transaction', async () => {
    const store = await schemas.open();
    const before = store.commits;
    await Promise.all([
      store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null }),
      store.functions.putVersion(functionVersion('f', '1.0.0')),
      store.functions.setAlias({ name: 'f', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] }),
    ]);
    expect(store.commits - before).toBe(1);
    await store.close();
  });

  it('of two nodes deploying one version with different content, exactly one wins', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    const results = await Promise.allSettled([a.functions.putVersion(functionVersion('f', '1.0.0', { hash: 'a' })), b.functions.putVersion(functionVersion('f', '1.0.0', { hash: 'b' }))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: STORE_ERROR_CODES.versionExists });
    await a.close();
    await b.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.functions.putVersion(functionVersion('f', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.functions.getVersion('f', '1.0.0')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});

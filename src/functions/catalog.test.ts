import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import { FunctionCatalog } from './catalog.js';
import { FunctionInvoker } from './invoker.js';
import { DEFAULT_FUNCTION_LIMITS, type FunctionLimits } from './limits.js';
import { deployFunction } from './packaging/index.js';
import { selectRuntime } from './runtime/index.js';

function setup(limits: FunctionLimits) {
  const store = new MemoryStore();
  let n = 0;
  const invoker = new FunctionInvoker({
    store: store.functions, invocations: store.invocations, runtime: async () => (await selectRuntime({ isolateMode: 'inline' })).runtime, bus: { publish: async () => {}, subscribe: () => () => {} }, // these functions emit nothing
    egress: { check: () => {}, fetch: () => Promise.reject(new Error('these functions make no requests')) }, newId: () => `i${++n}`, limits,
  });
  return { store, invoker, catalog: new FunctionCatalog({ store: store.functions, invocations: store.invocations, invoker, limits }) };
}

describe('FunctionCatalog under operator caps', () => {
  it('refuses a deploy asking for more than a cap, naming the field, the cap and its setting, and stores nothing', async () => {
    const { store, catalog } = setup(DEFAULT_FUNCTION_LIMITS);
    const deploy = catalog.deploy({ files: { 'index.ts': 'export default async () => 1;' }, entry: 'index.ts' }, { name: 'big', version: '1.0.0', memoryMb: 512, timeoutMs: 120_000 });
    await expect(deploy).rejects.toMatchObject({
      code: 'WEFT_ERR_FN_MANIFEST',
      status: 400,
      problems: [
        { pointer: '/memoryMb', message: "512 is over this server's cap of 256 MB (WEFT_FN_MAX_MEMORY_MB)" },
        { pointer: '/timeoutMs', message: "120000 is over this server's cap of 60000 ms (WEFT_FN_MAX_TIMEOUT_MS)" },
      ],
    });
    expect(await store.functions.listVersions('big')).toEqual([]);
    // A default over a lowered cap is not the author's ask: deployed, and clamped when it runs.
    const low = setup({ ...DEFAULT_FUNCTION_LIMITS, maxConcurrency: 2 });
    expect((await low.catalog.deploy({ files: { 'index.ts': 'export default async () => 1;' }, entry: 'index.ts' }, { name: 'dflt', version: '1.0.0' })).created).toBe(true);
  });

  it("runs a version deployed before the caps were lowered within today's caps", async () => {
    const { store, invoker } = setup({ ...DEFAULT_FUNCTION_LIMITS, maxTimeoutMs: 100, logs: { lines: 2, bytes: 1024, lineBytes: 64 } });
    // Stored directly, as an older server with no caps would have.
    await deployFunction(store.functions, { files: { 'index.ts': `export default async (_i, ctx) => { for (let i = 0; i < 5; i++) ctx.log.info('l' + i); await new Promise((r) => setTimeout(r, 5_000)); return 1; };` }, entry: 'index.ts' }, { name: 'old', version: '1.0.0', timeoutMs: 900_000 }, 0);
    const t0 = Date.now();
    await expect(invoker.invoke({ name: 'old', ref: '1.0.0', input: null, idempotencyKey: 'k', runId: '', pointer: '' })).rejects.toMatchObject({ problem: { code: 'WEFT_ERR_FN_TIMEOUT' } });
    expect(Date.now() - t0).toBeLessThan(2_000);
    await invoker.flushRecords();
    const [rec] = await store.invocations.listInvocations('old', 1);
    // It timed out before it could report its final count: the marker says so.
    expect(rec.logs.map((l) => l.message)).toEqual(['l0', 'l1', expect.stringMatching(/^… at least 3 log lines dropped/)]);
    await invoker.close();
  });
});

/** Draft runs through the catalog and the invoker: the deployed version's host and caps, nothing kept. */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import { FunctionCatalog } from './catalog.js';
import { DraftRunner } from './draft-runner.js';
import { FunctionInvoker } from './invoker.js';
import { DEFAULT_FUNCTION_LIMITS, type FunctionLimits } from './limits.js';
import { NodeCapacity } from './pool/node-capacity.js';
import { fakeHost, fnVersion } from './runtime/contracts/runtime-contract.js';
import { createIsolateRuntime } from './runtime/isolate-runtime.js';
import type { FunctionRuntime, Instance } from './runtime/index.js';

const files = (code: string) => ({ files: { 'index.ts': code }, entry: 'index.ts' });

function setup(limits: FunctionLimits = DEFAULT_FUNCTION_LIMITS) {
  const store = new MemoryStore();
  let n = 0;
  const invoker = new FunctionInvoker({
    store: store.functions, invocations: store.invocations, runtime: async () => createIsolateRuntime({ mode: 'inline' }), bus: { publish: async () => {}, subscribe: () => () => {} },
    secrets: { all: () => ({ TOKEN: 't0ken', OTHER: 'not granted' }) },
    egress: {
      check: (url, hosts) => {
        if (!hosts.includes(new URL(url).host)) throw Object.assign(new Error(`egress to ${new URL(url).host} is not allowed`), { code: 'WEFT_ERR_EGRESS_HOST' });
      },
      fetch: () => Promise.reject(new Error('no requests in this test')),
    },
    newId: () => `i${++n}`, limits,
  });
  return { store, invoker, catalog: new FunctionCatalog({ store: store.functions, invocations: store.invocations, invoker, limits }) };
}

describe('FunctionCatalog.draft', () => {
  it('runs with the granted secrets only, stores no version and no invocation record', async () => {
    const { store, catalog, invoker } = setup();
    const code = "export default async (_i: unknown, ctx: any) => ({ token: ctx.secrets.get('TOKEN') });";
    const r = await catalog.draft({ name: 'sec', source: files(code), manifest: { name: 'sec', version: '1.0.0', secrets: ['TOKEN'] }, input: null });
    expect(r).toMatchObject({ draft: true, output: { token: 't0ken' }, invocation: { name: 'sec', version: '1.0.0', ok: true, cold: true } });
    const other = catalog.draft({ name: 'sec', source: files("export default async (_i: unknown, ctx: any) => ctx.secrets.get('OTHER');"), manifest: { name: 'sec', version: '1.0.0', secrets: ['TOKEN'] }, input: null });
    await expect(other).rejects.toMatchObject({ problem: { status: 500, code: 'WEFT_ERR_FN_SECRET', draft: true } });
    await invoker.flushRecords();
    expect(await store.functions.listVersions()).toEqual([]);
    expect(await store.invocations.listInvocations('sec')).toEqual([]);
    await invoker.close();
  });

  it("fetches only the manifest's egress hosts, like a deployed version", async () => {
    const { catalog, invoker } = setup();
    const refused = catalog.draft({ name: 'net', source: files("export default async (_i: unknown, ctx: any) => ctx.fetch('https://elsewhere.example/');"), manifest: { name: 'net', version: '1.0.0', egress: ['api.example.com'] }, input: null });
    await expect(refused).rejects.toMatchObject({ problem: { status: 502, code: 'WEFT_ERR_FN_EGRESS', detail: expect.stringContaining('WEFT_ERR_EGRESS_HOST'), invocation: { ok: false } } });
    await invoker.close();
  });

  it('refuses at most maxDrafts at once (429, nothing ran), and none when it is 0', async () => {
    const { catalog, invoker } = setup({ ...DEFAULT_FUNCTION_LIMITS, maxDrafts: 1 });
    const slow = catalog.draft({ name: 'slow', source: files('export default async () => { await new Promise((r) => setTimeout(r, 300)); return 1; };'), manifest: { name: 'slow', version: '1.0.0' }, input: null });
    // The first is running while the second asks.
    await new Promise((r) => setTimeout(r, 100));
    const second = await catalog.draft({ name: 'slow', source: files('export default async () => 2;'), manifest: { name: 'slow', version: '1.0.0' }, input: null }).catch((e: { problem: unknown }) => e.problem);
    expect(second).toMatchObject({ status: 429, code: 'WEFT_ERR_FN_THROTTLED', draft: true, detail: expect.stringContaining('WEFT_FN_MAX_DRAFTS') });
    expect(second).not.toHaveProperty('invocation');
    expect((await slow).output).toBe(1);
    expect((await catalog.draft({ name: 'slow', source: files('export default async () => 3;'), manifest: { name: 'slow', version: '1.0.0' }, input: null })).output).toBe(3);
    await invoker.close();
    const off = setup({ ...DEFAULT_FUNCTION_LIMITS, maxDrafts: 0 });
    await expect(off.catalog.draft({ name: 'x', source: files('export default async () => 1;'), manifest: { name: 'x', version: '1.0.0' }, input: null })).rejects.toMatchObject({ problem: { status: 429 } });
  });
});

describe('DraftRunner', () => {
  function runner(limits = DEFAULT_FUNCTION_LIMITS) {
    const created: Instance[] = [];
    const isolates = createIsolateRuntime({ mode: 'inline' });
    const runtime: FunctionRuntime = { ...isolates, create: async (v) => { const i = await isolates.create(v); created.push(i); return i; } };
    const capacity = new NodeCapacity(8);
    const r = new DraftRunner({
      runtime: async () => runtime, capacity, limits, maxPayloadBytes: 1024 * 1024,
      host: (v, req) => ({ ...fakeHost().ctx, idempotencyKey: req.idempotencyKey, deadline: Date.now() + v.manifest.timeoutMs }), now: Date.now,
    });
    return { runner: r, created, capacity };
  }

  it('counts a draft being built against the cap; a failed build is thrown as it is', async () => {
    const { runner: r } = runner({ ...DEFAULT_FUNCTION_LIMITS, maxDrafts: 1 });
    let built!: () => void;
    const first = r.run('fn', () => new Promise((resolve) => (built = () => resolve(fnVersion('async () => 1')))), { input: null });
    await expect(r.run('fn', async () => fnVersion('async () => 2'), { input: null })).rejects.toMatchObject({ problem: { status: 429, code: 'WEFT_ERR_FN_THROTTLED' } });
    built();
    expect((await first).output).toBe(1);
    const broken = new Error('does not build');
    await expect(r.run('fn', () => Promise.reject(broken), { input: null })).rejects.toBe(broken);
    expect((await r.run('fn', async () => fnVersion('async () => 3'), { input: null })).output).toBe(3);
  });

  it('leaves nothing behind: every instance disposed, every node slot released, even with minWarm', async () => {
    const { runner: r, created, capacity } = runner();
    for (let i = 0; i < 3; i++) expect((await r.run('fn', async () => fnVersion('async (x) => x + 1', { minWarm: 2 }), { input: i })).output).toBe(i + 1);
    await expect(r.run('fn', async () => fnVersion('async () => { throw new Error("no") }'), { input: null })).rejects.toMatchObject({ problem: { code: 'WEFT_ERR_FN_RUNTIME' } });
    await expect(r.run('fn', async () => fnVersion('async () => { for (;;) {} }', { timeoutMs: 100, minWarm: 2 }), { input: null })).rejects.toMatchObject({ problem: { code: 'WEFT_ERR_FN_TIMEOUT' } });
    expect(created).toHaveLength(5);
    expect(created.every((i) => i.disposed)).toBe(true);
    expect(capacity.inUse).toBe(0);
  });
});

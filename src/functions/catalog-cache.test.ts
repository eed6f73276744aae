import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import { CatalogCache } from './catalog-cache.js';
import { InvocationRecords } from './invocation-records.js';
import type { FunctionVersion } from '../ports/index.js';

const version = (v: string): FunctionVersion => ({ name: 'f', version: v, hash: v, size: 1, code: '', manifest: { name: 'f', version: v, memoryMb: 64, timeoutMs: 1000, maxConcurrency: 1, minWarm: 0, idleMs: 0, egress: [], secrets: [] }, createdAt: 0 });

describe('CatalogCache', () => {
  it('keeps versions for good, aliases and lists for the TTL, and forgets a name on invalidate', async () => {
    const store = new MemoryStore().functions;
    let reads = 0;
    const counting = {
      getVersion: (n: string, v: string) => (reads++, store.getVersion(n, v)),
      getAlias: (n: string, a: string) => (reads++, store.getAlias(n, a)),
      listVersions: (n?: string) => (reads++, store.listVersions(n)),
    };
    let now = 0;
    const cache = new CatalogCache(counting, () => now, 1000);
    await store.putVersion(version('1.0.0'));
    expect((await cache.getVersion('f', '1.0.0'))?.version).toBe('1.0.0');
    await cache.getVersion('f', '1.0.0');
    expect(reads).toBe(1);
    expect(await cache.getAlias('f', 'live')).toBeUndefined();
    expect((await cache.listVersions('f')).map((v) => v.version)).toEqual(['1.0.0']);
    await store.putVersion(version('1.1.0'));
    await store.setAlias({ name: 'f', alias: 'live', routes: [{ version: '1.1.0', weight: 100 }] });
    // Within the TTL the cached answers stand (another process's change is seen after ttlMs)…
    expect(await cache.getAlias('f', 'live')).toBeUndefined();
    expect((await cache.listVersions('f')).map((v) => v.version)).toEqual(['1.0.0']);
    now = 1500;
    expect((await cache.getAlias('f', 'live'))?.routes[0].version).toBe('1.1.0');
    await store.putVersion(version('1.2.0'));
    // …and a change made here is seen at once.
    cache.invalidate('f');
    expect((await cache.listVersions('f')).map((v) => v.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
  });
});

describe('InvocationRecords', () => {
  it('writes buffered records in one batch after the delay, or at once on flush', async () => {
    const store = new MemoryStore().invocations;
    const records = new InvocationRecords(store, 20);
    const rec = (id: string) => ({ id, name: 'f', version: '1.0.0', at: Number(id), cold: false, queueMs: 0, durationMs: 1, ok: true, logs: [] });
    records.add(rec('1'));
    records.add(rec('2'));
    expect(await store.listInvocations('f')).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect((await store.listInvocations('f')).map((r) => r.id)).toEqual(['2', '1']);
    records.add(rec('3'));
    await records.flush();
    expect((await store.listInvocations('f')).map((r) => r.id)).toEqual(['3', '2', '1']);
  });
});

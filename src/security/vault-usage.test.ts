import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import type { SecretUsageRecord, SecretUsageStore } from '../ports/index.js';
import { generateMasterKey, masterKeysFromEnv } from './master-keys.js';
import { Vault } from './vault.js';
import { SecretUsage } from './vault-usage.js';

const T0 = 1_700_000_000_000;

function setup(usageStore: SecretUsageStore = new MemoryStore().secretUsage) {
  let now = T0;
  const store = new MemoryStore();
  const vault = new Vault({ store: store.secrets, keys: masterKeysFromEnv({ WEFT_MASTER_KEY: generateMasterKey() }), now: () => now, usage: { store: usageStore, flushMs: 60_000 } });
  return { vault, usageStore, advance: (ms: number) => (now += ms) };
}

describe('Vault: who read which version', () => {
  it('notes the values forRun and forFunction hand out (by version and reader) and writes them at close, counted', async () => {
    const { vault, usageStore, advance } = setup();
    await vault.open();
    await vault.set('shop', 'TOKEN', 'token-one', 'admin');
    await vault.grant('shop', 'TOKEN', { functions: ['charge'], namespaces: ['billing'] });
    vault.forRun('shop', ['TOKEN', 'MISSING'], 'shop/order:1.0.0');
    advance(10);
    vault.forRun('shop', ['TOKEN'], 'shop/order:1.0.0');
    vault.forRun('billing', ['TOKEN'], 'billing/invoice:2.0.0');
    // Without a reader (a view rebuilding a run's events) nothing is noted.
    vault.forRun('shop', ['TOKEN']);
    vault.forFunction('charge', ['shop/TOKEN'], '1.2.0');
    // Not granted to this function: nothing handed out, nothing noted.
    vault.forFunction('other', ['shop/TOKEN'], '1.0.0');
    await vault.set('shop', 'TOKEN', 'token-two', 'admin');
    advance(5);
    vault.forFunction('charge', ['shop/TOKEN'], '1.2.0');
    // Noted in memory only, until a flush.
    expect(await usageStore.list('shop', 'TOKEN')).toEqual([]);
    await vault.close();
    const rows = await vault.usage('shop', 'TOKEN');
    expect(rows).toEqual<SecretUsageRecord[]>([
      { namespace: 'shop', name: 'TOKEN', version: 2, kind: 'function', reader: 'charge:1.2.0', firstAt: T0 + 15, lastAt: T0 + 15, count: 1 },
      { namespace: 'shop', name: 'TOKEN', version: 1, kind: 'function', reader: 'charge:1.2.0', firstAt: T0 + 10, lastAt: T0 + 10, count: 1 },
      { namespace: 'shop', name: 'TOKEN', version: 1, kind: 'workflow', reader: 'billing/invoice:2.0.0', firstAt: T0 + 10, lastAt: T0 + 10, count: 1 },
      { namespace: 'shop', name: 'TOKEN', version: 1, kind: 'workflow', reader: 'shop/order:1.0.0', firstAt: T0, lastAt: T0 + 10, count: 2 },
    ]);
    // No value anywhere in what is kept.
    expect(JSON.stringify(rows)).not.toContain('token-');
  });

  it('notes which version a webhook verified with: the current one, or the previous one in its overlap', async () => {
    const { vault, advance } = setup();
    await vault.open();
    await vault.set('shop', 'HOOK', 'hook-one', 'admin');
    await vault.set('shop', 'HOOK', 'hook-two', 'admin', { overlapMs: 60_000 });
    vault.noteWebhook('shop', 'HOOK', 0, 'hooks/in');
    vault.noteWebhook('shop', 'HOOK', 1, 'hooks/in');
    vault.noteWebhook('shop', 'HOOK', 2, 'hooks/in');
    vault.noteWebhook('shop', 'NONE', 0, 'hooks/in');
    advance(1);
    await vault.close();
    expect((await vault.usage('shop', 'HOOK')).map((u) => [u.version, u.kind, u.reader, u.count])).toEqual([
      [2, 'webhook', 'hooks/in', 1],
      [1, 'webhook', 'hooks/in', 1],
    ]);
  });

  it('flushes adds to what is stored; a failed write is kept and written at the next flush', async () => {
    const store = new MemoryStore().secretUsage;
    let fail = true;
    const errors: unknown[] = [];
    const flaky: SecretUsageStore = { ...store, list: (ns, n) => store.list(ns, n), delete: (ns, n) => store.delete(ns, n), record: (e) => (fail ? Promise.reject(new Error('disk full')) : store.record(e)) };
    let now = T0;
    const usage = new SecretUsage({ store: flaky, now: () => now, onError: (err) => errors.push(err) });
    usage.note('shop', 'T', 1, 'workflow', 'shop/w:1');
    await usage.flush();
    expect(errors).toHaveLength(1);
    now += 7;
    usage.note('shop', 'T', 1, 'workflow', 'shop/w:1');
    fail = false;
    await usage.flush();
    usage.note('shop', 'T', 1, 'workflow', 'shop/w:1');
    await usage.close();
    expect(await store.list('shop', 'T')).toEqual([{ namespace: 'shop', name: 'T', version: 1, kind: 'workflow', reader: 'shop/w:1', firstAt: T0, lastAt: T0 + 7, count: 3 }]);
  });

  it('writes on its timer, every flushMs', async () => {
    const store = new MemoryStore().secretUsage;
    const usage = new SecretUsage({ store, now: () => T0, flushMs: 20 });
    usage.start();
    usage.note('shop', 'T', 3, 'function', 'f:1.0.0');
    await expect.poll(() => store.list('shop', 'T'), { timeout: 2_000, interval: 10 }).toHaveLength(1);
    await usage.close();
  });

  it('deleting a secret forgets its reads, stored and noted', async () => {
    const { vault, usageStore } = setup();
    await vault.open();
    await vault.set('shop', 'TOKEN', 'token-one', 'admin');
    vault.forRun('shop', ['TOKEN'], 'shop/w:1');
    await vault.close();
    vault.forRun('shop', ['TOKEN'], 'shop/w:1');
    await vault.delete('shop', 'TOKEN');
    expect(await usageStore.list('shop', 'TOKEN')).toEqual([]);
    await vault.close();
    expect(await usageStore.list('shop', 'TOKEN')).toEqual([]);
    await expect(vault.usage('shop', 'TOKEN')).rejects.toMatchObject({ code: 'WEFT_ERR_VAULT_NOT_FOUND' });
  });

  it('a secret another node deleted: the reads noted here are dropped when the vault reloads', async () => {
    const store = new MemoryStore();
    const keys = masterKeysFromEnv({ WEFT_MASTER_KEY: generateMasterKey() });
    const here = new Vault({ store: store.secrets, keys, now: () => T0, usage: { store: store.secretUsage, flushMs: 60_000 } });
    const there = new Vault({ store: store.secrets, keys, now: () => T0, usage: { store: store.secretUsage, flushMs: 60_000 } });
    await here.open();
    await there.open();
    await there.set('shop', 'TOKEN', 'token-one', 'admin');
    await here.refresh();
    here.forRun('shop', ['TOKEN'], 'shop/w:1');
    await there.delete('shop', 'TOKEN');
    await here.refresh();
    await here.close();
    expect(await store.secretUsage.list('shop', 'TOKEN')).toEqual([]);
    await there.close();
  });
});

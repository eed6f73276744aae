/**
 * The ONE contract suite every SecretStore adapter runs (DESIGN.md §9). Like ./run-store-contract.ts it
 * imports vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretRecord, SecretStore, SecretVersionRecord } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface SecretStoreHandle {
  store: SecretStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface SecretStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: SecretStoreHandle) => Promise<SecretStoreHandle>;
}

const T0 = 1_700_000_000_000;

export function secretRecord(namespace: string, name: string, current: number, over: Partial<SecretRecord> = {}): SecretRecord {
  return { namespace, name, description: '', current, grants: { namespaces: [], functions: [] }, createdAt: T0, createdBy: 'admin', updatedAt: T0 + current, ...over };
}

export function secretVersion(namespace: string, name: string, version: number, over: Partial<SecretVersionRecord> = {}): SecretVersionRecord {
  return { namespace, name, version, sealed: `sealed-${name}-${version}`, wrappedKey: `wrapped-${name}-${version}`, keyId: 'k1', createdAt: T0 + version, createdBy: 'admin', ...over };
}

export function secretStoreContract(name: string, make: () => Promise<SecretStoreHandle>, hooks: SecretStoreHooks = {}): void {
  describe(`SecretStore contract: ${name}`, () => {
    let handle: SecretStoreHandle;
    let store: SecretStore;
    beforeEach(async () => {
      handle = await make();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    /** Stores versions 1..n of a secret, each becoming current. */
    const put = async (ns: string, n: string, versions = 1, over: Partial<SecretRecord> = {}) => {
      for (let v = 1; v <= versions; v++) await store.putVersion(secretRecord(ns, n, v, over), secretVersion(ns, n, v), v - 1);
    };

    it('stores a secret with its first version and reads both back field for field; optional fields stay absent', async () => {
      const full = secretRecord('shop', 'STRIPE', 1, { description: 'payments', grants: { namespaces: ['billing'], functions: ['charge', '*'] }, rotation: { everyMs: 86_400_000, function: 'rotate-stripe:live', nextAt: T0 + 86_400_000 } });
      await store.putVersion(full, secretVersion('shop', 'STRIPE', 1), 0);
      expect(await store.get('shop', 'STRIPE')).toEqual(full);
      expect(await store.getVersion('shop', 'STRIPE', 1)).toEqual(secretVersion('shop', 'STRIPE', 1));
      await put('shop', 'PLAIN');
      const plain = await store.get('shop', 'PLAIN');
      for (const field of ['previous', 'rotation', 'rotatedAt']) expect(plain).not.toHaveProperty(field);
      expect(await store.get('shop', 'NOPE')).toBeUndefined();
      expect(await store.get('other', 'STRIPE')).toBeUndefined();
      expect(await store.getVersion('shop', 'STRIPE', 2)).toBeUndefined();
    });

    it('adds versions in order; the record follows; versions list newest first', async () => {
      await put('shop', 'TOKEN', 3, { previous: undefined });
      const rotated = secretRecord('shop', 'TOKEN', 4, { previous: { version: 3, until: T0 + 60_000 }, rotatedAt: T0 + 4 });
      await store.putVersion(rotated, secretVersion('shop', 'TOKEN', 4), 3);
      expect(await store.get('shop', 'TOKEN')).toEqual(rotated);
      expect((await store.versions('shop', 'TOKEN')).map((v) => v.version)).toEqual([4, 3, 2, 1]);
      expect(await store.versions('shop', 'NONE')).toEqual([]);
    });

    it('refuses a version when the current one is not what the caller read (compare and set), writing nothing', async () => {
      await put('shop', 'TOKEN', 2);
      // Two writers read version 2; the first wins, the second conflicts.
      await store.putVersion(secretRecord('shop', 'TOKEN', 3), secretVersion('shop', 'TOKEN', 3), 2);
      await expect(store.putVersion(secretRecord('shop', 'TOKEN', 3, { description: 'lost' }), secretVersion('shop', 'TOKEN', 3, { sealed: 'other' }), 2)).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
      expect(await store.getVersion('shop', 'TOKEN', 3)).toEqual(secretVersion('shop', 'TOKEN', 3));
      expect((await store.get('shop', 'TOKEN'))?.description).toBe('');
      // A new secret expects 0; an existing one is not new.
      await expect(store.putVersion(secretRecord('shop', 'TOKEN', 1), secretVersion('shop', 'TOKEN', 1), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
      await expect(store.putVersion(secretRecord('shop', 'NEW', 2), secretVersion('shop', 'NEW', 2), 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
      expect(await store.get('shop', 'NEW')).toBeUndefined();
    });

    it('refuses malformed calls before touching storage', async () => {
      await expect(store.putVersion(secretRecord('shop', 'A', 2), secretVersion('shop', 'A', 1), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.putVersion(secretRecord('shop', 'A', 1), secretVersion('shop', 'B', 1), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.putVersion(secretRecord('', 'A', 1), secretVersion('', 'A', 1), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.putVersion(secretRecord('shop', 'A', 1), secretVersion('shop', 'A', 1, { sealed: '' }), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.putVersion(secretRecord('shop', 'A', 1, { grants: { namespaces: [''], functions: [] } }), secretVersion('shop', 'A', 1), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await store.list()).toEqual([]);
    });

    it('putRecord changes metadata only, and only of a secret that exists', async () => {
      await put('shop', 'TOKEN', 2);
      const granted = secretRecord('shop', 'TOKEN', 2, { grants: { namespaces: ['ops'], functions: [] }, description: 'now shared' });
      await store.putRecord(granted);
      expect(await store.get('shop', 'TOKEN')).toEqual(granted);
      expect((await store.versions('shop', 'TOKEN')).map((v) => v.sealed)).toEqual(['sealed-TOKEN-2', 'sealed-TOKEN-1']);
      await expect(store.putRecord(secretRecord('shop', 'NOPE', 1))).rejects.toMatchObject({ code: STORE_ERROR_CODES.notFound });
    });

    it('putRecord refuses metadata read before a newer version was stored (compare and set on current), writing nothing', async () => {
      await put('shop', 'TOKEN', 2);
      const stale = secretRecord('shop', 'TOKEN', 2, { grants: { namespaces: ['ops'], functions: [] } });
      await store.putVersion(secretRecord('shop', 'TOKEN', 3), secretVersion('shop', 'TOKEN', 3), 2);
      await expect(store.putRecord(stale)).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
      expect(await store.get('shop', 'TOKEN')).toEqual(secretRecord('shop', 'TOKEN', 3));
      expect((await store.getVersion('shop', 'TOKEN', 3))?.sealed).toBe('sealed-TOKEN-3');
    });

    it('lists by namespace then name, one namespace or all', async () => {
      await put('shop', 'b');
      await put('ops', 'z');
      await put('shop', 'a');
      expect((await store.list()).map((r) => `${r.namespace}/${r.name}`)).toEqual(['ops/z', 'shop/a', 'shop/b']);
      expect((await store.list('shop')).map((r) => r.name)).toEqual(['a', 'b']);
      expect(await store.list('none')).toEqual([]);
    });

    it('deletes a secret with all its versions', async () => {
      await put('shop', 'TOKEN', 2);
      await put('shop', 'KEEP');
      expect(await store.delete('shop', 'TOKEN')).toBe(true);
      expect(await store.delete('shop', 'TOKEN')).toBe(false);
      expect(await store.get('shop', 'TOKEN')).toBeUndefined();
      expect(await store.versions('shop', 'TOKEN')).toEqual([]);
      // Created again from scratch: version 1 expects 0.
      await put('shop', 'TOKEN');
      expect((await store.versions('shop', 'TOKEN')).map((v) => v.version)).toEqual([1]);
      expect((await store.list('shop')).map((r) => r.name)).toEqual(['KEEP', 'TOKEN']);
    });

    it('finds the versions wrapped by other master keys and rewraps each once (compare and set on the key id)', async () => {
      await put('shop', 'A', 2);
      await store.putVersion(secretRecord('shop', 'B', 1), secretVersion('shop', 'B', 1, { keyId: 'k2' }), 0);
      expect((await store.keyIds()).sort()).toEqual(['k1', 'k2']);
      const stale = await store.wrappedByOther('k2', 10);
      expect(stale.map((v) => `${v.name}@${v.version}`).sort()).toEqual(['A@1', 'A@2']);
      expect(await store.wrappedByOther('k2', 1)).toHaveLength(1);
      expect(await store.rewrap('shop', 'A', 1, 'k1', 'rewrapped', 'k2')).toBe(true);
      // Already rewrapped (by another node): no second write.
      expect(await store.rewrap('shop', 'A', 1, 'k1', 'again', 'k2')).toBe(false);
      expect(await store.rewrap('shop', 'NOPE', 1, 'k1', 'x', 'k2')).toBe(false);
      expect(await store.getVersion('shop', 'A', 1)).toEqual(secretVersion('shop', 'A', 1, { wrappedKey: 'rewrapped', keyId: 'k2' }));
      expect((await store.wrappedByOther('k2', 10)).map((v) => `${v.name}@${v.version}`)).toEqual(['A@2']);
      await store.rewrap('shop', 'A', 2, 'k1', 'rewrapped', 'k2');
      expect(await store.wrappedByOther('k2', 10)).toEqual([]);
      expect(await store.keyIds()).toEqual(['k2']);
    });

    it.skipIf(!hooks.reopen)('keeps what was stored across a reopen', async () => {
      await put('shop', 'TOKEN', 2, { description: 'durable' });
      await handle.close();
      handle = await hooks.reopen!(handle);
      store = handle.store;
      expect(await store.get('shop', 'TOKEN')).toEqual(secretRecord('shop', 'TOKEN', 2, { description: 'durable' }));
      expect((await store.versions('shop', 'TOKEN')).map((v) => v.version)).toEqual([2, 1]);
    });
  });
}

/**
 * The ONE contract suite every KeyStore adapter runs (DESIGN.md §9). Like ./run-store-contract.ts it imports vitest,
 * so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord, KeyStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface KeyStoreHandle {
  store: KeyStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface KeyStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: KeyStoreHandle) => Promise<KeyStoreHandle>;
}

const T0 = 1_700_000_000_000;

export function apiKey(id: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id, name: `key ${id}`, scopes: [{ namespace: 'default', role: 'developer' }], hash: `hash-${id}`, salt: `salt-${id}`,
    createdAt: T0, createdBy: 'admin', ...over,
  };
}

export function keyStoreContract(name: string, make: () => Promise<KeyStoreHandle>, hooks: KeyStoreHooks = {}): void {
  describe(`KeyStore contract: ${name}`, () => {
    let handle: KeyStoreHandle;
    let store: KeyStore;
    beforeEach(async () => {
      handle = await make();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    const ids = async () => (await store.list()).map((k) => k.id);

    it('stores a key and reads it back field for field; optional fields stay absent', async () => {
      const full = apiKey('k1', {
        scopes: [{ namespace: '*', role: 'admin' }, { namespace: 'shop', role: 'invoker' }],
        previous: { hash: 'old-hash', salt: 'old-salt', until: T0 + 60_000 },
        expiresAt: T0 + 86_400_000, revokedAt: T0 + 5, rotatedAt: T0 + 1,
      });
      await store.put(full);
      await store.put(apiKey('k2'));
      expect(await store.get('k1')).toEqual(full);
      const plain = await store.get('k2');
      expect(plain).toEqual(apiKey('k2'));
      for (const field of ['previous', 'expiresAt', 'revokedAt', 'rotatedAt']) expect(plain).not.toHaveProperty(field);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('put replaces the record with the same id (revoke, rotate)', async () => {
      await store.put(apiKey('k1'));
      const rotated = apiKey('k1', { hash: 'new', salt: 'new-salt', previous: { hash: 'hash-k1', salt: 'salt-k1', until: T0 + 10 }, rotatedAt: T0 + 1 });
      await store.put(rotated);
      expect(await store.get('k1')).toEqual(rotated);
      const revoked = apiKey('k1', { revokedAt: T0 + 2 });
      await store.put(revoked);
      expect(await store.get('k1')).toEqual(revoked);
      expect(await store.list()).toEqual([revoked]);
    });

    it('keeps its own copy: mutating the caller’s objects before or after changes nothing', async () => {
      const k = apiKey('k1');
      const put = store.put(k);
      k.scopes.push({ namespace: '*', role: 'admin' });
      k.hash = 'tampered';
      await put;
      const back = await store.get('k1');
      expect(back).toEqual(apiKey('k1'));
      back!.scopes[0].role = 'admin';
      expect((await store.get('k1'))?.scopes).toEqual([{ namespace: 'default', role: 'developer' }]);
    });

    it('lists every key oldest first, by createdAt then id, whatever the insertion order', async () => {
      expect(await store.list()).toEqual([]);
      await store.put(apiKey('c', { createdAt: T0 + 5 }));
      await store.put(apiKey('b', { createdAt: T0 }));
      await store.put(apiKey('z', { createdAt: T0 - 1 }));
      await store.put(apiKey('a', { createdAt: T0 }));
      expect(await ids()).toEqual(['z', 'a', 'b', 'c']);
    });

    it('counts keys that are neither revoked nor expired at `now`', async () => {
      const now = T0 + 1000;
      expect(await store.countActive(now)).toBe(0);
      await Promise.all([
        store.put(apiKey('forever')),
        store.put(apiKey('later', { expiresAt: now + 1 })),
        store.put(apiKey('at-now', { expiresAt: now })),
        store.put(apiKey('expired', { expiresAt: now - 1 })),
        store.put(apiKey('revoked', { revokedAt: now - 5 })),
        store.put(apiKey('revoked-later', { revokedAt: now + 5, expiresAt: now + 10 })),
      ]);
      expect(await store.countActive(now)).toBe(2);
      expect(await store.countActive(now - 1)).toBe(3);
      expect(await store.countActive(now + 1)).toBe(1);
      await store.put(apiKey('forever', { revokedAt: now }));
      expect(await store.countActive(now)).toBe(1);
    });

    it('refuses malformed keys and stores nothing', async () => {
      await expect(store.put(apiKey(''))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(apiKey('k1', { createdAt: Number.NaN }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(apiKey('k1', { expiresAt: Infinity }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(apiKey('k1', { scopes: 'admin' as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(apiKey('k1', { name: 1n as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.countActive(Number.NaN)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await store.list()).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps keys across close and reopen', async () => {
      await store.put(apiKey('b', { expiresAt: T0 + 10 }));
      await store.put(apiKey('a', { previous: { hash: 'h', salt: 's', until: T0 + 1 } }));
      const before = await store.list();
      await handle.close();
      handle = await hooks.reopen!(handle);
      store = handle.store;
      expect(await store.list()).toEqual(before);
      expect(await store.countActive(T0 + 10)).toBe(1);
    });
  });
}

/**
 * The ONE contract suite every WorkflowStore adapter runs (DESIGN.md §9). Like ./run-store-contract.ts it imports
 * vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowRecord, WorkflowStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface WorkflowStoreHandle {
  store: WorkflowStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface WorkflowStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: WorkflowStoreHandle) => Promise<WorkflowStoreHandle>;
}

const T0 = 1_700_000_000_000;

export function workflowRecord(namespace: string, name: string, version: string, over: Partial<WorkflowRecord> = {}): WorkflowRecord {
  const definition = { document: { dsl: '1.0.0', namespace, name, version }, do: [{ hello: { set: { greeting: 'hi' } } }] };
  return { namespace, name, version, definition, source: JSON.stringify(definition), hash: `h-${namespace}-${name}-${version}`, createdAt: T0, ...over };
}

export function workflowStoreContract(name: string, make: () => Promise<WorkflowStoreHandle>, hooks: WorkflowStoreHooks = {}): void {
  describe(`WorkflowStore contract: ${name}`, () => {
    let handle: WorkflowStoreHandle;
    let store: WorkflowStore;
    beforeEach(async () => {
      handle = await make();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    const keys = (records: WorkflowRecord[]) => records.map((w) => `${w.namespace}/${w.name}@${w.version}`);

    it('registers a version and reads it back field for field', async () => {
      const w = workflowRecord('shop', 'order', '1.0.0', { source: 'document:\n  dsl: 1.0.0 # "yaml" — ünïcode\n' });
      expect(await store.put(w)).toEqual({ record: w, created: true });
      expect(await store.get('shop', 'order', '1.0.0')).toEqual(w);
      expect(await store.get('shop', 'order', '2.0.0')).toBeUndefined();
      expect(await store.get('shop', 'nope')).toBeUndefined();
      expect(await store.get('other', 'order', '1.0.0')).toBeUndefined();
    });

    it('keeps its own copy: mutating the caller’s objects before or after changes nothing', async () => {
      const w = workflowRecord('shop', 'order', '1.0.0');
      const put = store.put(w);
      (w.definition.do as unknown[]).push('evil');
      w.source = 'changed';
      await put;
      const back = await store.get('shop', 'order', '1.0.0');
      expect(back).toEqual(workflowRecord('shop', 'order', '1.0.0'));
      (back!.definition.do as unknown[]).pop();
      expect(await store.get('shop', 'order')).toEqual(workflowRecord('shop', 'order', '1.0.0'));
    });

    it('the same version with the same hash again is a no-op returning the stored record', async () => {
      const first = workflowRecord('shop', 'order', '1.0.0');
      await store.put(first);
      const again = await store.put({ ...first, createdAt: T0 + 5000, source: 'reformatted' });
      expect(again).toEqual({ record: first, created: false });
      expect(await store.versions('shop', 'order')).toEqual([first]);
    });

    it('refuses the same version with another hash (409), and keeps the first', async () => {
      const first = workflowRecord('shop', 'order', '1.0.0');
      await store.put(first);
      await expect(store.put(workflowRecord('shop', 'order', '1.0.0', { hash: 'other', definition: { do: [] } }))).rejects.toMatchObject({
        code: STORE_ERROR_CODES.versionExists,
        status: 409,
      });
      expect(await store.get('shop', 'order', '1.0.0')).toEqual(first);
    });

    it('of two conflicting puts made in the same turn, exactly one wins', async () => {
      const results = await Promise.allSettled([
        store.put(workflowRecord('shop', 'order', '1.0.0', { hash: 'a' })),
        store.put(workflowRecord('shop', 'order', '1.0.0', { hash: 'b' })),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ record: WorkflowRecord }>).value.record;
      expect((await store.get('shop', 'order', '1.0.0'))?.hash).toBe(winner.hash);
    });

    it('versions are listed highest first by semver; get without a version returns the highest', async () => {
      for (const v of ['1.9.0', '1.10.0', '0.1.0', '2.0.0-rc.1', '2.0.0-beta.11', '2.0.0-beta.2']) await store.put(workflowRecord('shop', 'order', v));
      await store.put(workflowRecord('shop', 'other', '9.0.0'));
      await store.put(workflowRecord('eu', 'order', '3.0.0'));
      expect(keys(await store.versions('shop', 'order'))).toEqual(
        ['2.0.0-rc.1', '2.0.0-beta.11', '2.0.0-beta.2', '1.10.0', '1.9.0', '0.1.0'].map((v) => `shop/order@${v}`),
      );
      expect((await store.get('shop', 'order'))?.version).toBe('2.0.0-rc.1');
      await store.put(workflowRecord('shop', 'order', '2.0.0'));
      expect(await store.get('shop', 'order')).toEqual(workflowRecord('shop', 'order', '2.0.0'));
      expect(await store.versions('shop', 'missing')).toEqual([]);
      expect(await store.versions('missing', 'order')).toEqual([]);
    });

    it('list returns the highest version of every workflow, by namespace then name', async () => {
      expect(await store.list()).toEqual([]);
      await store.put(workflowRecord('shop', 'order', '1.9.0'));
      await store.put(workflowRecord('shop', 'order', '1.10.0'));
      await store.put(workflowRecord('default', 'zeta', '1.0.0'));
      await store.put(workflowRecord('shop', 'cart', '0.1.0'));
      await store.put(workflowRecord('default', 'alpha', '2.0.0'));
      await store.put(workflowRecord('default', 'alpha', '10.0.0'));
      // Pairs that a naive "namespace/name" key would merge stay apart.
      await store.put(workflowRecord('a/b', 'c', '1.0.0'));
      await store.put(workflowRecord('a', 'b/c', '2.0.0'));
      const listed = await store.list();
      expect(keys(listed)).toEqual(['a/b/c@2.0.0', 'a/b/c@1.0.0', 'default/alpha@10.0.0', 'default/zeta@1.0.0', 'shop/cart@0.1.0', 'shop/order@1.10.0']);
      expect(listed[0]).toEqual(workflowRecord('a', 'b/c', '2.0.0'));
    });

    it('refuses malformed records and stores nothing', async () => {
      await expect(store.put(workflowRecord('', 'order', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(workflowRecord('shop', 'order', ''))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(workflowRecord('shop', 'order', '1.0.0', { definition: [] as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(workflowRecord('shop', 'order', '1.0.0', { definition: { n: 1n } as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(workflowRecord('shop', 'order', '1.0.0', { source: undefined as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.put(workflowRecord('shop', 'order', '1.0.0', { createdAt: Infinity }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await store.list()).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps workflows across close and reopen', async () => {
      await store.put(workflowRecord('shop', 'order', '1.0.0'));
      await store.put(workflowRecord('shop', 'order', '1.1.0', { source: 'x'.repeat(50_000) }));
      await store.put(workflowRecord('eu', 'cart', '0.1.0'));
      const before = { list: await store.list(), versions: await store.versions('shop', 'order') };
      await handle.close();
      handle = await hooks.reopen!(handle);
      store = handle.store;
      expect({ list: await store.list(), versions: await store.versions('shop', 'order') }).toEqual(before);
      await expect(store.put(workflowRecord('shop', 'order', '1.0.0', { hash: 'changed' }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.versionExists });
    });
  });
}

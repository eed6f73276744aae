/**
 * Part of the RunStore contract suite (./run-store-contract.ts calls it inside `runStoreContract`): idempotency keys, trace
 * context and every RunFilter field of `listRuns`. A separate file only to keep contract.ts readable.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord, Store } from '../../ports/index.js';
import { runRecord } from './run-fixtures.js';
import { STORE_ERROR_CODES } from '../errors.js';

const T0 = 1_700_000_000_000;

/** `current` returns the suite's current store (it is reopened by some tests); `create` makes a run with its started entry at `createdAt`. */
export function describeRunQueries(current: () => Store, create: (id: string, over?: Partial<RunRecord>) => Promise<void>): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('idempotency keys and trace context', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    it('round-trips idempotencyKey and traceparent, and omits them when absent', async () => {
      await create('r1', { idempotencyKey: 'k-1', traceparent });
      await create('r2');
      expect(await store.getRun('r1')).toEqual(runRecord('r1', { idempotencyKey: 'k-1', traceparent }));
      const plain = await store.getRun('r2');
      expect(plain).not.toHaveProperty('idempotencyKey');
      expect(plain).not.toHaveProperty('traceparent');
      const listed = await store.listRuns();
      expect(listed.find((r) => r.id === 'r1')).toEqual(runRecord('r1', { idempotencyKey: 'k-1', traceparent }));
      expect(listed.find((r) => r.id === 'r2')).not.toHaveProperty('idempotencyKey');
    });

    it('refuses a second run with a used (namespace, name, idempotencyKey), and keeps the first', async () => {
      await create('r1', { idempotencyKey: 'k' });
      await expect(create('r2', { idempotencyKey: 'k' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.duplicateRun, status: 409 });
      expect(await store.getRun('r2')).toBeUndefined();
      expect(await store.journal('r2')).toEqual([]);
      // The key is scoped to its workflow: other names, namespaces, or no key at all are fine.
      await create('r3', { idempotencyKey: 'k', name: 'other' });
      await create('r4', { idempotencyKey: 'k', namespace: 'shop' });
      await create('r5');
      await create('r6');
      expect((await store.listRuns({ idempotencyKey: 'k' })).map((r) => r.id).sort()).toEqual(['r1', 'r3', 'r4']);
    });

    it('of two runs with one idempotency key created in the same turn, exactly one wins', async () => {
      const results = await Promise.allSettled([create('a', { idempotencyKey: 'same' }), create('b', { idempotencyKey: 'same' })]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await store.listRuns({ name: 'flow', idempotencyKey: 'same' })).toHaveLength(1);
    });

    it('refuses an idempotencyKey or traceparent that is not a non-empty string', async () => {
      await expect(create('r1', { idempotencyKey: '' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(create('r1', { traceparent: 7 as never })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await store.getRun('r1')).toBeUndefined();
    });
  });

  describe('listRuns filters', () => {
    const ids = async (f?: Parameters<Store['listRuns']>[0]) => (await store.listRuns(f)).map((r) => r.id);
    // Created in an order unlike their ids: ties on createdAt must be broken by id, not insertion.
    const seed = async () => {
      await create('b', { createdAt: T0 + 10, namespace: 'shop', name: 'order', version: '1.0.0', idempotencyKey: 'x' });
      await create('c', { createdAt: T0 + 10, namespace: 'shop', name: 'order', version: '2.0.0' });
      await create('a', { createdAt: T0 + 10, namespace: 'shop', name: 'cart', version: '1.0.0' });
      await create('d', { createdAt: T0 + 20, namespace: 'default', name: 'order', version: '1.0.0', status: 'waiting' });
      await create('e', { createdAt: T0, namespace: 'shop', name: 'order', version: '1.0.0' });
    };

    it('orders newest first by createdAt, then id', async () => {
      await seed();
      expect(await ids()).toEqual(['d', 'c', 'b', 'a', 'e']);
    });

    it('filters by namespace, name, version and idempotencyKey, alone and together', async () => {
      await seed();
      expect(await ids({ namespace: 'shop' })).toEqual(['c', 'b', 'a', 'e']);
      expect(await ids({ name: 'order' })).toEqual(['d', 'c', 'b', 'e']);
      expect(await ids({ namespace: 'shop', name: 'order' })).toEqual(['c', 'b', 'e']);
      expect(await ids({ namespace: 'shop', name: 'order', version: '1.0.0' })).toEqual(['b', 'e']);
      expect(await ids({ version: '1.0.0', status: ['waiting'] })).toEqual(['d']);
      expect(await ids({ idempotencyKey: 'x' })).toEqual(['b']);
      expect(await ids({ namespace: 'default', idempotencyKey: 'x' })).toEqual([]);
      expect(await ids({ namespace: 'nowhere' })).toEqual([]);
    });

    it('filters by a set of namespaces (what a caller with roles in some namespaces may read)', async () => {
      await seed();
      expect(await ids({ namespaces: ['shop', 'default'] })).toEqual(['d', 'c', 'b', 'a', 'e']);
      expect(await ids({ namespaces: ['default', 'nowhere'] })).toEqual(['d']);
      expect(await ids({ namespaces: ['shop'], name: 'cart' })).toEqual(['a']);
      expect(await ids({ namespaces: [] })).toEqual([]);
      expect(await ids({ namespaces: ['shop'], namespace: 'default' })).toEqual([]);
    });

    it('createdFrom is inclusive and createdTo exclusive', async () => {
      await seed();
      expect(await ids({ createdFrom: T0 + 10 })).toEqual(['d', 'c', 'b', 'a']);
      expect(await ids({ createdTo: T0 + 10 })).toEqual(['e']);
      expect(await ids({ createdFrom: T0 + 10, createdTo: T0 + 20 })).toEqual(['c', 'b', 'a']);
      expect(await ids({ createdFrom: T0 + 20, createdTo: T0 + 20 })).toEqual([]);
    });

    it('before is an exclusive cursor on (createdAt, id), and pages cover every run once', async () => {
      await seed();
      expect(await ids({ before: { createdAt: T0 + 10, id: 'c' } })).toEqual(['b', 'a', 'e']);
      expect(await ids({ before: { createdAt: T0 + 10, id: 'bb' } })).toEqual(['b', 'a', 'e']);
      expect(await ids({ before: { createdAt: T0 + 20, id: 'd' }, namespace: 'shop', limit: 2 })).toEqual(['c', 'b']);
      expect(await ids({ before: { createdAt: T0, id: 'e' } })).toEqual([]);
      const seen: string[] = [];
      let before: { createdAt: number; id: string } | undefined;
      for (;;) {
        const page = await store.listRuns({ limit: 2, before });
        if (page.length === 0) break;
        seen.push(...page.map((r) => r.id));
        const last = page[page.length - 1];
        before = { createdAt: last.createdAt, id: last.id };
      }
      expect(seen).toEqual(['d', 'c', 'b', 'a', 'e']);
    });

    it('refuses malformed filters', async () => {
      for (const bad of [{ namespace: 1 }, { createdFrom: Number.NaN }, { createdTo: 'x' }, { before: { createdAt: T0 } }, { before: { id: 'a', createdAt: Infinity } }, { limit: 1.5 }]) {
        await expect(store.listRuns(bad as never)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      }
    });
  });
}

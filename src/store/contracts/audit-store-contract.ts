/**
 * The ONE contract suite every AuditStore adapter runs (DESIGN.md §9). Like ./run-store-contract.ts it imports vitest,
 * so it is imported from tests only, never from ../index.ts. The seal here is a stand-in for the security
 * module's: it chains seq and prev but its "hash" is just a string, because the store never computes hashes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord, AuditStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface AuditStoreHandle {
  store: AuditStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface AuditStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: AuditStoreHandle) => Promise<AuditStoreHandle>;
}

const T0 = 1_700_000_000_000;
const GENESIS = '0'.repeat(64);

type Fields = Partial<Omit<AuditRecord, 'seq' | 'prev' | 'hash'>>;

/** A seal that extends the chain from `last`: seq + 1, prev = last.hash, and a stand-in hash. */
export function sealWith(fields: Fields = {}): (last: AuditRecord | undefined) => AuditRecord {
  return (last) => {
    const seq = (last?.seq ?? 0) + 1;
    return { at: T0 + seq, actor: 'alice', action: 'workflow.put', target: 'default/flow', ...fields, seq, prev: last?.hash ?? GENESIS, hash: `h${seq}` };
  };
}

export function auditStoreContract(name: string, make: () => Promise<AuditStoreHandle>, hooks: AuditStoreHooks = {}): void {
  describe(`AuditStore contract: ${name}`, () => {
    let handle: AuditStoreHandle;
    let store: AuditStore;
    beforeEach(async () => {
      handle = await make();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    const seqs = (records: AuditRecord[]) => records.map((r) => r.seq);

    it('seal gets undefined first, then the last record; append returns what was stored', async () => {
      const seen: (AuditRecord | undefined)[] = [];
      const spy = (fields: Fields) => (last: AuditRecord | undefined) => (seen.push(last), sealWith(fields)(last));
      const first = await store.append(spy({ detail: { n: 1, gone: undefined } as never, before: 'b0', after: 'a0' }));
      expect(first).toEqual({ seq: 1, at: T0 + 1, actor: 'alice', action: 'workflow.put', target: 'default/flow', detail: { n: 1 }, before: 'b0', after: 'a0', prev: GENESIS, hash: 'h1' });
      expect(first.detail).not.toHaveProperty('gone');
      const second = await store.append(spy({ actor: 'bob' }));
      expect(seen).toEqual([undefined, first]);
      expect(second).toMatchObject({ seq: 2, prev: 'h1', actor: 'bob' });
      expect(second).not.toHaveProperty('detail');
      expect(await store.all()).toEqual([first, second]);
    });

    it('appends made in the same turn each see the one before: the chain does not fork', async () => {
      const made = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(sealWith({ detail: i }))));
      expect(seqs(made)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const all = await store.all();
      expect(all).toEqual(made);
      all.forEach((r, i) => expect(r.prev).toBe(i === 0 ? GENESIS : all[i - 1].hash));
    });

    it('a seal that throws rejects that append only, with the seal’s own error', async () => {
      const boom = new Error('seal failed');
      const results = await Promise.allSettled([
        store.append(sealWith()),
        store.append(() => {
          throw boom;
        }),
        store.append(sealWith({ actor: 'bob' })),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBe(boom);
      const all = await store.all();
      expect(seqs(all)).toEqual([1, 2]);
      expect(all[1]).toMatchObject({ actor: 'bob', prev: 'h1' });
    });

    it('refuses a sealed record that does not extend the log or is malformed, storing nothing', async () => {
      await store.append(sealWith());
      await expect(store.append((last) => ({ ...sealWith()(last), seq: 1 }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.append((last) => ({ ...sealWith()(last), seq: 1.5 }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.append((last) => ({ ...sealWith()(last), hash: undefined as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.append(sealWith({ detail: { n: 1n } as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(seqs(await store.all())).toEqual([1]);
    });

    it('the seal and the caller get copies: mutating them changes nothing stored', async () => {
      const first = await store.append(sealWith({ detail: { list: [1] } }));
      (first.detail as { list: number[] }).list.push(2);
      await store.append((last) => {
        (last!.detail as { list: number[] }).list.push(3);
        return sealWith()(last);
      });
      expect((await store.all())[0].detail).toEqual({ list: [1] });
    });

    it('lists newest first, filtered by actor, action and a seq cursor, and limited', async () => {
      const who = ['alice', 'bob', 'alice', 'carol', 'alice', 'bob'];
      for (const [i, actor] of who.entries()) await store.append(sealWith({ actor, action: i % 2 ? 'key.create' : 'workflow.put' }));
      const list = async (f?: Parameters<AuditStore['list']>[0]) => seqs(await store.list(f));
      expect(await list()).toEqual([6, 5, 4, 3, 2, 1]);
      expect(await list({ actor: 'alice' })).toEqual([5, 3, 1]);
      expect(await list({ action: 'key.create' })).toEqual([6, 4, 2]);
      expect(await list({ actor: 'bob', action: 'key.create' })).toEqual([6, 2]);
      expect(await list({ beforeSeq: 5 })).toEqual([4, 3, 2, 1]);
      expect(await list({ actor: 'alice', beforeSeq: 5, limit: 1 })).toEqual([3]);
      expect(await list({ limit: 2 })).toEqual([6, 5]);
      expect(await list({ limit: 0 })).toEqual([]);
      expect(await list({ actor: 'nobody' })).toEqual([]);
      await expect(store.list({ limit: -1 })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      await expect(store.list({ limit: 1.5 })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
    });

    it('lists 100 records by default and at most 1,000', async () => {
      await Promise.all(Array.from({ length: 1005 }, () => store.append(sealWith())));
      const page = await store.list();
      expect(page).toHaveLength(100);
      expect(page[0].seq).toBe(1005);
      const big = await store.list({ limit: 5000 });
      expect(big).toHaveLength(1000);
      expect(big.at(-1)?.seq).toBe(6);
      expect(await store.all()).toHaveLength(1005);
    });

    it.skipIf(!hooks.reopen)('keeps the chain across close and reopen; the next seal sees the last record', async () => {
      await store.append(sealWith({ detail: { x: 'é' } }));
      await store.append(sealWith({ actor: 'bob' }));
      const before = await store.all();
      await handle.close();
      handle = await hooks.reopen!(handle);
      store = handle.store;
      expect(await store.all()).toEqual(before);
      let seen: AuditRecord | undefined;
      const third = await store.append((last) => ((seen = last), sealWith()(last)));
      expect(seen).toEqual(before[1]);
      expect(third).toMatchObject({ seq: 3, prev: 'h2' });
    });
  });
}

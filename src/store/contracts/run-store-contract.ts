/**
 * The contract suite of the RunStore port (runs and journals) that every Store adapter runs (DESIGN.md §9),
 * with ./timer-store-contract.ts for its timers. Import it from this file in a test, not from
 * ../index.ts: it imports vitest, which throws when loaded outside a vitest run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json } from '../../shared/index.js';
import type { JournalEntry } from '../../contracts/index.js';
import type { RunRecord, Store } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { describeRedrive } from './redrive-contract.js';
import { describeRunQueries } from './run-query-contract.js';
import { runRecord } from './run-fixtures.js';

export { runRecord };

export interface ContractHooks {
  /** Opens the same storage again after `closed` was closed; the durability tests skip without it. */
  reopen?: (closed: Store) => Promise<Store>;
}

const T0 = 1_700_000_000_000;

const started = (at = T0, input: Json = { n: 1 }): JournalEntry => ({ kind: 'started', at, input });
const resolved = (key: string, value: Json, at = T0 + 1): JournalEntry => ({ kind: 'resolved', at, key, value });
const problem = { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/runtime', status: 500, title: 'Runtime error', instance: '/do/0/a' };

export function runStoreContract(name: string, make: () => Promise<Store>, hooks: ContractHooks = {}): void {
  describe(`RunStore contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    const create = (id: string, over: Partial<RunRecord> = {}) => store.createRun(runRecord(id, over), started(over.createdAt ?? T0));

    describe('runs', () => {
      it('creates a run with its started entry and reads it back', async () => {
        await create('r1');
        expect(await store.getRun('r1')).toEqual(runRecord('r1'));
        expect(await store.journal('r1')).toEqual([started()]);
        expect(await store.getRun('nope')).toBeUndefined();
        expect(await store.journal('nope')).toEqual([]);
      });

      it('refuses a second run with the same id and keeps the first', async () => {
        await create('r1');
        await expect(store.createRun(runRecord('r1', { name: 'other' }), started())).rejects.toMatchObject({ code: STORE_ERROR_CODES.duplicateRun });
        expect((await store.getRun('r1'))?.name).toBe('flow');
        expect(await store.journal('r1')).toHaveLength(1);
      });

      it('refuses createRun without a started entry', async () => {
        await expect(store.createRun(runRecord('r1'), resolved('k', 1))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        expect(await store.getRun('r1')).toBeUndefined();
      });

      it('refuses to create a run that has already ended', async () => {
        await expect(create('r1', { status: 'completed' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.runEnded });
        expect(await store.getRun('r1')).toBeUndefined();
        expect(await store.journal('r1')).toEqual([]);
      });

      it('marks a run suspended and running again with suspended and resumed entries', async () => {
        await create('s1');
        await store.append('s1', [{ kind: 'suspended', at: T0 + 1 }]);
        expect((await store.getRun('s1'))?.status).toBe('suspended');
        expect((await store.listRuns({ status: ['suspended'] })).map((r) => r.id)).toEqual(['s1']);
        await store.append('s1', [resolved('k', 1), { kind: 'resumed', at: T0 + 2 }]);
        expect((await store.getRun('s1'))?.status).toBe('running');
        expect((await store.journal('s1')).map((e) => e.kind)).toEqual(['started', 'suspended', 'resolved', 'resumed']);
      });

      it('lists runs newest first (ties by id), filtered by status and limited', async () => {
        await create('old', { createdAt: T0 });
        await create('new', { createdAt: T0 + 20 });
        await create('mid', { createdAt: T0 + 10, status: 'waiting' });
        await create('tie', { createdAt: T0 + 20 });
        const ids = async (f?: Parameters<Store['listRuns']>[0]) => (await store.listRuns(f)).map((r) => r.id);
        expect(await ids()).toEqual(['tie', 'new', 'mid', 'old']);
        expect(await ids({ status: ['waiting'] })).toEqual(['mid']);
        expect(await ids({ status: ['running', 'waiting'], limit: 2 })).toEqual(['tie', 'new']);
        expect(await ids({ status: [] })).toEqual([]);
        expect(await ids({ limit: 0 })).toEqual([]);
        await expect(store.listRuns({ limit: -1 })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });
    });

    describeRunQueries(() => store, create);
    describeRedrive(() => store, create);

    describe('journal', () => {
      it('keeps append order across calls, awaited or made in the same turn', async () => {
        await create('r1');
        await store.append('r1', [resolved('a', 1), resolved('b', 2)]);
        await Promise.all([store.append('r1', [resolved('c', 3)]), store.append('r1', []), store.append('r1', [resolved('d', 4), resolved('e', 5)])]);
        await store.append('r1', [resolved('f', 6)]);
        const keys = (await store.journal('r1')).map((e) => ('key' in e ? e.key : e.kind));
        expect(keys).toEqual(['started', 'a', 'b', 'c', 'd', 'e', 'f']);
      });

      it('rejects appends to an unknown run', async () => {
        await expect(store.append('ghost', [resolved('a', 1)])).rejects.toMatchObject({ code: STORE_ERROR_CODES.unknownRun });
        expect(await store.getRun('ghost')).toBeUndefined();
      });

      it('completed sets status, output and endedAt', async () => {
        await create('r1');
        await store.append('r1', [resolved('a', 1), { kind: 'completed', at: T0 + 5, output: { ok: [1, 'two'] } }]);
        expect(await store.getRun('r1')).toEqual({ ...runRecord('r1'), status: 'completed', output: { ok: [1, 'two'] }, endedAt: T0 + 5 });
      });

      it('faulted sets status, error and endedAt; cancelled sets status and endedAt', async () => {
        await create('f');
        await create('c');
        await Promise.all([store.append('f', [{ kind: 'faulted', at: T0 + 7, error: problem }]), store.append('c', [{ kind: 'cancelled', at: T0 + 8, reason: 'user' }])]);
        expect(await store.getRun('f')).toEqual({ ...runRecord('f'), status: 'faulted', error: problem, endedAt: T0 + 7 });
        expect(await store.getRun('c')).toEqual({ ...runRecord('c'), status: 'cancelled', endedAt: T0 + 8 });
        expect((await store.journal('c')).at(-1)).toEqual({ kind: 'cancelled', at: T0 + 8, reason: 'user' });
      });

      it('records an outcome once: nothing is appended after a terminal entry', async () => {
        await create('r1');
        const done: JournalEntry = { kind: 'completed', at: T0 + 5, output: 1 };
        await expect(store.append('r1', [done, resolved('late', 2)])).rejects.toMatchObject({ code: STORE_ERROR_CODES.runEnded });
        expect(await store.journal('r1')).toHaveLength(1);
        await store.append('r1', [done]);
        await expect(store.append('r1', [resolved('late', 2)])).rejects.toMatchObject({ code: STORE_ERROR_CODES.runEnded });
        await expect(store.append('r1', [{ kind: 'faulted', at: T0 + 9, error: problem }])).rejects.toMatchObject({ code: STORE_ERROR_CODES.runEnded });
        expect((await store.getRun('r1'))?.status).toBe('completed');
        expect(await store.journal('r1')).toHaveLength(2);
      });

      it('a refused write does not affect the other writes of its turn', async () => {
        await create('r1');
        const results = await Promise.allSettled([
          store.append('r1', [resolved('a', 1)]),
          store.append('ghost', [resolved('x', 0)]),
          create('r1'),
          store.append('r1', [resolved('b', 2)]),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
        expect((await store.journal('r1')).map((e) => e.kind)).toEqual(['started', 'resolved', 'resolved']);
      });
    });

    describe('group commit and concurrency', () => {
      it('commits 1,000 appends made in one turn, in call order', async () => {
        await create('r1');
        await Promise.all(Array.from({ length: 1000 }, (_, i) => store.append('r1', [resolved(`k${i}`, i)])));
        const journal = await store.journal('r1');
        expect(journal).toHaveLength(1001);
        expect(journal.slice(1).map((e) => ('value' in e ? e.value : null))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      });

      it('createRun and appends in the same turn', async () => {
        const writes = [create('r1'), store.append('r1', [resolved('a', 1)]), store.putTimer('r1', 't', T0 + 9), store.append('r1', [{ kind: 'completed', at: T0 + 3, output: 'x' }])];
        expect(await Promise.all(writes)).toEqual([undefined, undefined, T0 + 9, undefined]);
        expect((await store.journal('r1')).map((e) => e.kind)).toEqual(['started', 'resolved', 'completed']);
        expect((await store.getRun('r1'))?.status).toBe('completed');
      });

      it('reads see the writes made before them, even when not awaited', async () => {
        void create('r1');
        void store.append('r1', [resolved('a', 1)]);
        expect(await store.journal('r1')).toHaveLength(2);
      });

      it('64 concurrent runs each awaiting its own appends', async () => {
        await Promise.all(Array.from({ length: 64 }, async (_, r) => {
          await create(`run${r}`);
          for (let i = 0; i < 10; i++) await store.append(`run${r}`, [resolved(`k${i}`, i)]);
        }));
        for (let r = 0; r < 64; r += 21) expect(await store.journal(`run${r}`)).toHaveLength(11);
      });
    });

    describe('values', () => {
      const tricky: Json = {
        nested: { a: [1, [2, [3, { b: null }]]], empty: {}, list: [] },
        unicode: 'héllo wörld — 日本語 🧵 \u0000 \u2028 \ud800',
        numbers: [0, -1, 1.5, 0.1 + 0.2, 1e308, -5e-324, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 123456789.12345679, 2 ** 70],
        flags: [true, false, null],
        'key with "quotes" and 🗝': 'v',
      };

      it('round-trip exactly through runs and journal', async () => {
        await store.createRun(runRecord('r1', { input: tricky, definition: { tricky } }), started(T0, tricky));
        await store.append('r1', [resolved('t', tricky), { kind: 'completed', at: T0 + 0.5, output: tricky }]);
        const run = await store.getRun('r1');
        expect(run?.input).toEqual(tricky);
        expect(run?.definition).toEqual({ tricky });
        expect(run?.output).toEqual(tricky);
        expect(run?.endedAt).toBe(T0 + 0.5);
        expect(await store.journal('r1')).toEqual([started(T0, tricky), resolved('t', tricky), { kind: 'completed', at: T0 + 0.5, output: tricky }]);
      });

      it('callers cannot mutate stored values, before or after the write', async () => {
        const input = { list: [1] };
        const value = { deep: { v: 1 } };
        const entry = resolved('a', value);
        const writes = [store.createRun(runRecord('r1', { input }), started(T0, input)), store.append('r1', [entry])];
        input.list.push(2);
        value.deep.v = 99;
        await Promise.all(writes);
        const run = await store.getRun('r1');
        (run!.input as { list: number[] }).list.push(3);
        expect((await store.getRun('r1'))?.input).toEqual({ list: [1] });
        const journal = await store.journal('r1');
        ((journal[1] as Extract<JournalEntry, { kind: 'resolved' }>).value as typeof value).deep.v = 7;
        expect((await store.journal('r1'))[1]).toEqual(resolved('a', { deep: { v: 1 } }));
      });

      it('rejects values that are not JSON', async () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        await create('r1');
        await expect(store.append('r1', [resolved('a', cyclic as Json)])).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(store.append('r1', [resolved('a', 10n as unknown as Json)])).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        expect(await store.journal('r1')).toHaveLength(1);
      });
    });

    describe('close', () => {
      it('commits pending writes, then refuses calls', async () => {
        await create('r1');
        const pending = store.append('r1', [resolved('a', 1)]);
        await store.close();
        await expect(pending).resolves.toBeUndefined();
        await expect(store.append('r1', [resolved('b', 2)])).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
        await expect(store.getRun('r1')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
        await store.close();
        if (hooks.reopen) {
          store = await hooks.reopen(store);
          expect(await store.journal('r1')).toHaveLength(2);
        }
      });

      it.skipIf(!hooks.reopen)('keeps runs, journals and timers across close and reopen', async () => {
        await create('r1', { createdAt: T0 + 1, idempotencyKey: 'once', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
        await create('r2');
        await store.append('r1', [resolved('a', { x: [1, 'é'] })]);
        await store.append('r2', [{ kind: 'faulted', at: T0 + 3, error: problem }]);
        await store.putTimer('r1', 't', T0 + 50);
        const before = { runs: await store.listRuns(), j1: await store.journal('r1'), j2: await store.journal('r2') };
        await store.close();
        store = await hooks.reopen!(store);
        expect({ runs: await store.listRuns(), j1: await store.journal('r1'), j2: await store.journal('r2') }).toEqual(before);
        expect(await store.putTimer('r1', 't', T0 + 99)).toBe(T0 + 50);
        await expect(create('r3', { idempotencyKey: 'once' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.duplicateRun });
        await store.append('r1', [resolved('b', 2)]);
        expect((await store.journal('r1')).map((e) => e.kind)).toEqual(['started', 'resolved', 'resolved']);
      });
    });
  });
}

/**
 * The contract suite of the TimerStore port that every Store adapter runs (DESIGN.md §9). Timers belong to
 * runs (an unknown or ended run has none), so the suite drives a whole Store. Tests only: it imports vitest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord, Store } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { runRecord } from './run-store-contract.js';

const T0 = 1_700_000_000_000;

export function timerStoreContract(name: string, make: () => Promise<Store>): void {
  describe(`TimerStore contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    const create = (id: string, over: Partial<RunRecord> = {}) => store.createRun(runRecord(id, over), { kind: 'started', at: over.createdAt ?? T0, input: { n: 1 } });

    describe('timers', () => {
      it('put returns the existing fire time; delete removes it', async () => {
        await create('r1');
        expect(await store.putTimer('r1', 'wait', T0 + 100)).toBe(T0 + 100);
        expect(await store.putTimer('r1', 'wait', T0 + 999)).toBe(T0 + 100);
        expect(await store.putTimer('r1', 'other', T0 + 50)).toBe(T0 + 50);
        await store.deleteTimer('r1', 'wait');
        await store.deleteTimer('r1', 'wait');
        await store.deleteTimer('ghost', 'wait');
        expect(await store.putTimer('r1', 'wait', T0 + 999)).toBe(T0 + 999);
        expect(await store.putTimer('r1', 'other', T0 + 1)).toBe(T0 + 50);
      });

      it('same-turn puts for one key agree on the first fire time', async () => {
        await create('r1');
        expect(await Promise.all([store.putTimer('r1', 'k', T0 + 1), store.putTimer('r1', 'k', T0 + 2)])).toEqual([T0 + 1, T0 + 1]);
      });

      it('refuses timers of unknown or ended runs', async () => {
        await expect(store.putTimer('ghost', 'k', T0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.unknownRun });
        await create('r1');
        await store.putTimer('r1', 'k', T0 + 100);
        await store.append('r1', [{ kind: 'cancelled', at: T0 + 2 }]);
        await expect(store.putTimer('r1', 'k', T0 + 5)).rejects.toMatchObject({ code: STORE_ERROR_CODES.runEnded });
      });
    });

  });
}

/**
 * The contract suite of the InvocationStore port (function invocation records) that every adapter runs
 * (DESIGN.md §9). Tests only: it imports vitest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvocationStore } from '../../ports/index.js';

export interface InvocationStoreHandle {
  invocations: InvocationStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export function invocationStoreContract(name: string, make: () => Promise<InvocationStoreHandle>): void {
  describe(`InvocationStore contract: ${name}`, () => {
    let handle: InvocationStoreHandle;
    let invocations: InvocationStore;
    beforeEach(async () => {
      handle = await make();
      invocations = handle.invocations;
    });
    afterEach(async () => {
      await handle.close();
    });

    it('keeps invocation records, newest first, per function', async () => {
      const rec = (id: string, name: string, at: number, ok = true) => ({ id, name, version: '1.0.0', at, cold: at === 1, queueMs: 0, durationMs: 2, ok, logs: [{ at, level: 'info', message: `hi ${id}` }] });
      await invocations.recordInvocation(rec('a', 'f', 1));
      await invocations.recordInvocation(rec('b', 'f', 2, false));
      await invocations.recordInvocation(rec('c', 'g', 3));
      expect((await invocations.listInvocations('f')).map((r) => r.id)).toEqual(['b', 'a']);
      expect((await invocations.listInvocations('f', 1))[0]).toEqual(rec('b', 'f', 2, false));
      expect(await invocations.listInvocations('nobody')).toEqual([]);
    });
  });
}

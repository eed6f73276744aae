/**
 * The RunStore contract for repairing runs: a `redriven` entry reopens a faulted or cancelled run (status
 * running, its output, error and end cleared, its version, definition and input set when the entry carries
 * them) and nothing else; `createRun` journals a rerun's copied outcomes with its `started` entry.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../contracts/index.js';
import type { RunRecord, Store } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { runRecord } from './run-fixtures.js';

const T0 = 1_700_000_000_000;
const problem = { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication', status: 503, title: 'down', instance: '/do/1/b' };
const redriven = (over: Partial<Extract<JournalEntry, { kind: 'redriven' }>> = {}): JournalEntry => ({ kind: 'redriven', at: T0 + 10, superseded: ['root:1:/do/1/b'], ...over });

export function describeRedrive(store: () => Store, create: (id: string, over?: Partial<RunRecord>) => Promise<void>): void {
  describe('redrive and rerun', () => {
    it('a redriven entry reopens a faulted run: status running, output, error and end cleared; the journal keeps all', async () => {
      await create('r1');
      await store().append('r1', [{ kind: 'failed', at: T0 + 1, key: 'root:1:/do/1/b', error: problem }, { kind: 'faulted', at: T0 + 2, error: problem }]);
      expect(await store().getRun('r1')).toMatchObject({ status: 'faulted', error: problem, endedAt: T0 + 2 });
      await store().append('r1', [redriven(), { kind: 'resolved', at: T0 + 11, key: 'root:1:/do/1/b', value: 1 }]);
      const run = await store().getRun('r1');
      expect(run).toMatchObject({ status: 'running', input: runRecord('r1').input, version: runRecord('r1').version });
      expect(run?.error).toBeUndefined();
      expect(run?.endedAt).toBeUndefined();
      expect((await store().journal('r1')).map((e) => e.kind)).toEqual(['started', 'failed', 'faulted', 'redriven', 'resolved']);
      expect(await store().listRuns({ status: ['running'] })).toHaveLength(1);
      // Live again: timers and the end work as for any run.
      expect(await store().putTimer('r1', 't', T0 + 50)).toBe(T0 + 50);
      await store().append('r1', [{ kind: 'completed', at: T0 + 20, output: { ok: true } }]);
      expect(await store().getRun('r1')).toMatchObject({ status: 'completed', output: { ok: true }, endedAt: T0 + 20 });
    });

    it('sets the version, definition and input a redriven entry carries; a cancelled run can be redriven too', async () => {
      await create('r1');
      await store().append('r1', [{ kind: 'cancelled', at: T0 + 1, reason: 'oops' }]);
      const definition = { document: { dsl: '1.0.0', namespace: 'ns', name: 'flow', version: '2.0.0' }, do: [] };
      await store().append('r1', [redriven({ superseded: [], version: '2.0.0', definition, input: { n: 2 }, patched: true })]);
      expect(await store().getRun('r1')).toMatchObject({ status: 'running', version: '2.0.0', definition, input: { n: 2 } });
    });

    it('refuses a redrive of a live or completed run, and a second concurrent redrive', async () => {
      await create('r1');
      await expect(store().append('r1', [redriven()])).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
      await create('r2');
      await store().append('r2', [{ kind: 'completed', at: T0 + 1, output: null }]);
      await expect(store().append('r2', [redriven()])).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
      await create('r3');
      await store().append('r3', [{ kind: 'faulted', at: T0 + 1, error: problem }]);
      const both = await Promise.allSettled([store().append('r3', [redriven()]), store().append('r3', [redriven()])]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((await store().journal('r3')).filter((e) => e.kind === 'redriven')).toHaveLength(1);
      await expect(store().append('r3', [{ kind: 'resolved', at: T0, key: 'k', value: 1 }, redriven()])).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
    });

    it('createRun journals copied outcomes right after started, and refuses other kinds', async () => {
      const copied: JournalEntry[] = [{ kind: 'resolved', at: T0 - 5, key: 'root:0:/do/0/a', value: { x: 1 } }, { kind: 'failed', at: T0 - 4, key: 'root:1:/do/1/b', error: problem }];
      const startedEntry: JournalEntry = { kind: 'started', at: T0, input: { n: 1 }, origin: { run: 'r0', from: '/do/2/c' } };
      await store().createRun(runRecord('r1'), startedEntry, copied);
      expect(await store().journal('r1')).toEqual([startedEntry, ...copied]);
      await expect(store().createRun(runRecord('r2'), startedEntry, [{ kind: 'completed', at: T0, output: null }])).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await store().getRun('r2')).toBeUndefined();
    });
  });
}

/**
 * A run that computes without waiting gives the event loop back between tasks (journaled pauses), is
 * capped in tasks, can be cancelled while it loops, and replays to the same place after a restart.
 */
import { describe, expect, it } from 'vitest';
import { advance } from '../src/engine/index.js';
import { runEvents } from '../src/platform/index.js';
import { RunMachine } from '../src/engine/index.js';
import type { Json } from '../src/expr/index.js';
import { testEngine } from './support/test-engine.js';

const doc = { dsl: '1.0.0', namespace: 'test', name: 'loop', version: '1.0.0' };

/** `then: a` forever. */
const selfLoop = { document: doc, do: [{ a: { set: { n: 1 }, then: 'a' } }] };

/** Counts to `n` with a `then:` loop, waits a second, then outputs the count. */
function countTo(n: number): Record<string, Json> {
  return {
    document: doc,
    do: [
      { init: { set: { i: 0 } } },
      { step: { set: { i: '${ .i + 1 }' } } },
      { check: { switch: [{ more: { when: `\${ .i < ${n} }`, then: 'step' } }, { done: { then: 'rest' } }] } },
      // An effect after the pauses: its key is right only if the pauses before it are taken again.
      { rest: { wait: 'PT1S' } },
    ],
  };
}

describe('a run that only computes', () => {
  it('faults with a clear error past its cap of task transitions, having paused on the way', async () => {
    const t = testEngine({ maxTransitions: 5_000 });
    const r = await t.engine.run(selfLoop, {});
    expect(r.status).toBe('faulted');
    expect(r.error).toMatchObject({ type: expect.stringMatching(/errors\/runtime$/), code: 'WEFT_ERR_RUN_TRANSITIONS', instance: '/do/0/a' });
    expect(r.error?.detail).toMatch(/more than 5000 tasks/);
    const pauses = (await t.store.journal(r.id)).filter((e) => e.kind === 'resolved' && e.key.includes('@yield:'));
    expect(pauses.length).toBeGreaterThanOrEqual(4);
  });

  it('leaves the event loop to others while it loops, and can be cancelled', async () => {
    const t = testEngine();
    const { record, done } = await t.engine.startRun(selfLoop, {});
    let turns = 0;
    let last = performance.now();
    let worst = 0;
    const ticker = setInterval(() => {
      turns++;
      worst = Math.max(worst, performance.now() - last);
      last = performance.now();
    }, 1);
    await new Promise((r) => setTimeout(r, 100));
    clearInterval(ticker);
    // Without pauses the loop would never give the event loop back: no turn at all, and no cancel.
    expect(turns).toBeGreaterThanOrEqual(3);
    const cancelled = await t.engine.cancel(record.id, 'looping');
    expect(cancelled.status).toBe('cancelled');
    expect((await done).status).toBe('cancelled');
    expect((await t.store.getRun(record.id))?.status).toBe('cancelled');
  });

  it('completes a long loop with the right output; its journal replays to the same end', async () => {
    const t = testEngine();
    const def = countTo(3_000);
    const r = await t.engine.run(def, {});
    expect(r).toMatchObject({ status: 'completed', output: { i: 3_000 } });
    const journal = await t.store.journal(r.id);
    expect(journal.some((e) => e.kind === 'resolved' && e.key.includes('@yield:'))).toBe(true);
    expect(advance(r.id, def, journal)).toMatchObject({ status: 'completed', output: { i: 3_000 }, commands: [] });
    // The run's events, rebuilt from the journal, are those it published live.
    const rebuilt = runEvents((await t.store.getRun(r.id))!, journal, { source: 'test' });
    const completedTasks = (events: { type: string }[]) => events.filter((e) => e.type === 'io.serverlessworkflow.task.completed.v1').length;
    expect(completedTasks(rebuilt)).toBe(completedTasks(t.lifecycle));
    expect(rebuilt.at(-1)?.type).toBe('io.serverlessworkflow.workflow.completed.v1');
  });

  it('resumes a looping run after a restart from its last pause, not from the start', async () => {
    const first = testEngine();
    const def = countTo(40_000);
    const { record } = await first.engine.startRun(def, {});
    // Let it pause a few times, then stop this process.
    for (let i = 0; i < 400 && (await first.store.journal(record.id)).length < 40; i++) await new Promise((r) => setTimeout(r, 5));
    first.engine.stop();
    const before = (await first.store.journal(record.id)).length;
    expect(before).toBeGreaterThan(30);
    const second = testEngine({ store: first.store });
    expect(await second.engine.recover()).toBe(1);
    const r = await second.engine.result(record.id);
    expect(r).toMatchObject({ status: 'completed', output: { i: 40_000 } });
    const journal = await second.store.journal(record.id);
    // Every pause is journaled once: the replay did not take a pause of its own where the first did.
    const keys = journal.flatMap((e) => (e.kind === 'resolved' ? [e.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('replays a long journal a slice at a time, to the same state as in one go', async () => {
    const t = testEngine();
    const def = countTo(5_000);
    const r = await t.engine.run(def, {});
    const journal = (await t.store.journal(r.id)).slice(0, -1); // as if the process stopped before journaling the end
    const whole = new RunMachine({ runId: r.id, definition: def, input: {}, startedAt: 0 }).replay(journal);
    // A clock that moves a millisecond per reading: the 10 ms slice ends every few outcomes.
    let ms = 0;
    const sliced = new RunMachine({ runId: r.id, definition: def, input: {}, startedAt: 0, pace: { now: () => ms++, sliceMs: 10, sliceTasks: 1000 } });
    let state = sliced.replay(journal);
    let slices = 1;
    while (sliced.replayUnfinished) {
      state = sliced.continueReplay();
      slices++;
    }
    expect(slices).toBeGreaterThan(1);
    expect(state).toEqual(whole);
    expect(state).toEqual({ status: 'completed', output: { i: 5_000 } });
  });
});

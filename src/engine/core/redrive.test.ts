import { describe, expect, it } from 'vitest';
import type { Json } from '../../shared/index.js';
import { advance } from './advance.js';
import type { Effect } from './effects.js';
import { type JournalEntry, effectiveJournal } from './journal.js';
import { compatibleUpTo, planRedrive, rerunPrefix, taskPointers } from './redrive.js';

type Def = Record<string, Json>;
const started = (input: Json = {}): JournalEntry => ({ kind: 'started', at: 1_000, input });
const ok = (key: string, value: Json = { status: 200, headers: {}, body: { ok: key } }): JournalEntry => ({ kind: 'resolved', at: 2_000, key, value });
const http500 = (key: string): JournalEntry => ({ kind: 'resolved', at: 2_000, key, value: { status: 500, headers: {}, body: null } });
const failed = (key: string): JournalEntry => ({ kind: 'failed', at: 2_000, key, error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication', status: 503, title: 'down' } });
const call = (url: string): Json => ({ call: 'http', with: { method: 'get', endpoint: `https://api.test/${url}` } });
const wf = (tasks: Json[]): Def => ({ document: { dsl: '1.0.0', namespace: 't', name: 'w', version: '1' }, do: tasks });
const input = { runId: 'run-1', input: {}, startedAt: 1_000 };
const keyPointer = (e: JournalEntry) => (e as { key: string }).key.replace(/^.*?:\d+:/, '');

/** Drives the run with `answer` until it ends; the journal and the commands seen. */
function drive(def: Def, journal: JournalEntry[], answer: (e: Effect) => JournalEntry) {
  const seen: Effect[] = [];
  for (let i = 0; i < 100; i++) {
    const r = advance('run-1', def, journal);
    if (r.status !== 'running') {
      journal.push(r.status === 'completed' ? { kind: 'completed', at: 9_000, output: r.output ?? null } : { kind: 'faulted', at: 9_000, error: r.error! });
      return { result: r, seen, journal };
    }
    for (const c of r.commands) {
      seen.push(c);
      journal.push(answer(c));
    }
  }
  throw new Error('did not finish');
}

/** Redrives: plans on `def` and appends the `redriven` entry, as the engine does. */
function redrive(def: Def, journal: JournalEntry[]): JournalEntry[] {
  const plan = planRedrive({ ...input, definition: def }, journal);
  return [...journal, { kind: 'redriven', at: 10_000, superseded: plan.superseded }];
}

const seven = wf([1, 2, 3, 4, 5, 6, 7].map((n) => ({ [`t${n}`]: call(`t${n}`) })));

describe('redrive: journal in, commands out', () => {
  it('a run faulted at task 7 performs only task 7 again; tasks 1–6 keep their journaled outcomes', () => {
    const first = drive(seven, [started()], (e) => (e.pointer === '/do/6/t7' ? http500(e.key) : ok(e.key)));
    expect(first.result.status).toBe('faulted');
    expect(first.seen).toHaveLength(7);
    const journal = redrive(seven, first.journal);
    expect((journal.at(-1) as { superseded: string[] }).superseded).toEqual(['root:6:/do/6/t7']);
    const again = drive(seven, journal, (e) => ok(e.key));
    expect(again.seen.map((e) => e.pointer)).toEqual(['/do/6/t7']);
    expect(again.result).toMatchObject({ status: 'completed', output: { ok: 'root:6:/do/6/t7' } });
  });

  it('a failed effect (no answer at all) is performed again; the terminal entry before the redrive is history', () => {
    const first = drive(seven, [started()], (e) => (e.pointer === '/do/3/t4' ? failed(e.key) : ok(e.key)));
    const journal = redrive(seven, first.journal);
    const eff = effectiveJournal(journal);
    expect(eff.some((e) => e.kind === 'faulted' || e.kind === 'failed')).toBe(false);
    expect(advance('run-1', seven, journal).commands.map((c) => c.key)).toEqual(['root:3:/do/3/t4']);
  });

  it('a try with retry starts over: every attempt and back-off timer superseded, the retry counter reset', () => {
    const def = wf([
      { a: call('a') },
      { t: { try: [{ b: call('b') }, { c: call('c') }], catch: { retry: { delay: { seconds: 1 }, limit: { attempt: { count: 2 } } } } } },
    ]);
    const first = drive(def, [started()], (e) => (e.pointer === '/do/1/t/try/1/c' ? http500(e.key) : ok(e.key)));
    // a, then three attempts of (b, c) with two back-off timers between them.
    expect(first.seen.map((e) => (e.kind === 'timer' ? 'wait' : e.pointer.split('/').pop()))).toEqual(['a', 'b', 'c', 'wait', 'b', 'c', 'wait', 'b', 'c']);
    const journal = redrive(def, first.journal);
    expect((journal.at(-1) as { superseded: string[] }).superseded).toHaveLength(8);
    const again = drive(def, journal, (e) => ok(e.key));
    expect(again.seen.map((e) => e.pointer.split('/').pop())).toEqual(['b', 'c']);
    expect(again.result.status).toBe('completed');
  });

  it('a catch that ran is forgotten with the failure: after a redrive the task runs again, and the catch only if it fails again', () => {
    const def = wf([{ a: call('a') }, { t: { try: [{ b: call('b') }], catch: { do: [{ undo: call('undo') }] } } }, { boom: { raise: { error: { type: 'https://example.com/x', status: 400 } } } }]);
    const first = drive(def, [started()], (e) => (e.pointer.endsWith('/b') ? http500(e.key) : ok(e.key)));
    expect(first.result.status).toBe('faulted');
    // The fault is the raise, after the catch: nothing of the run's effects is superseded.
    expect(planRedrive({ ...input, definition: def }, first.journal).superseded).toEqual([]);
  });

  it('a cancelled run performs its effects in flight again, with the same keys; nothing else', () => {
    const journal: JournalEntry[] = [started(), ok('root:0:/do/0/t1'), ok('root:1:/do/1/t2'), { kind: 'cancelled', at: 3_000 }];
    const plan = planRedrive({ ...input, definition: seven }, journal);
    expect(plan).toEqual({ superseded: [], pointer: '/do/2/t3' });
    const next = [...journal, { kind: 'redriven', at: 4_000, superseded: [] } as JournalEntry];
    expect(advance('run-1', seven, next).commands.map((c) => c.key)).toEqual(['root:2:/do/2/t3']);
  });

  it('fork: the failed branch runs again, the branch that completed keeps its outcome', () => {
    const def = wf([{ f: { fork: { branches: [{ x: call('x') }, { y: call('y') }] } } }, { z: call('z') }]);
    const first = drive(def, [started()], (e) => (e.pointer.endsWith('/y') ? http500(e.key) : ok(e.key)));
    expect(first.result.status).toBe('faulted');
    const again = drive(def, redrive(def, first.journal), (e) => ok(e.key));
    expect(again.seen.map((e) => e.pointer)).toEqual(['/do/0/f/fork/branches/1/y', '/do/1/z']);
  });

  it('a redriven entry with a patched input: replay uses it', () => {
    const def = wf([{ a: call('a') }, { s: { set: { n: '${ $workflow.input.n }' } } }]);
    const journal: JournalEntry[] = [started({ n: 1 }), failed('root:0:/do/0/a'), { kind: 'faulted', at: 3_000, error: { ...(failed('x') as { error: { type: string } }).error, instance: '/do/0/a' } as never }];
    const plan = planRedrive({ ...input, input: { n: 2 }, definition: def }, journal);
    const next: JournalEntry[] = [...journal, { kind: 'redriven', at: 4_000, superseded: plan.superseded, input: { n: 2 }, patched: true }];
    expect(plan.superseded).toEqual(['root:0:/do/0/a']);
    const r = drive(def, next, (e) => ok(e.key));
    expect(r.result).toMatchObject({ status: 'completed', output: { n: 2 } });
  });
});

describe('rerun: the prefix copied', () => {
  it('copies the outcomes of tasks before `from` only', () => {
    const first = drive(seven, [started()], (e) => ok(e.key));
    const copied = rerunPrefix({ ...input, definition: seven }, first.journal, '/do/4/t5');
    expect(copied.map((e) => (e as { key: string }).key)).toEqual(['root:0:/do/0/t1', 'root:1:/do/1/t2', 'root:2:/do/2/t3', 'root:3:/do/3/t4']);
    const again = drive(seven, [started(), ...copied], (e) => ok(e.key));
    expect(again.seen.map((e) => e.pointer)).toEqual(['/do/4/t5', '/do/5/t6', '/do/6/t7']);
  });

  it('nested: from a task inside a do keeps its earlier siblings, not what is inside it or after it', () => {
    const def = wf([{ a: call('a') }, { g: { do: [{ b: call('b') }, { c: { do: [{ c1: call('c1') }] } }, { d: call('d') }] } }, { e: call('e') }]);
    const first = drive(def, [started()], (e) => ok(e.key));
    const copied = rerunPrefix({ ...input, definition: def }, first.journal, '/do/1/g/do/1/c');
    expect(copied.map((e) => (e as { key: string }).key)).toEqual(['root:0:/do/0/a', 'root:1:/do/1/g/do/0/b']);
  });

  it('for: outcomes of a later iteration of an earlier task are not copied (the run performs them again)', () => {
    const def = wf([{ loop: { for: { in: '${ [1, 2] }' }, do: [{ p: call('p') }, { q: call('q') }] } }]);
    const first = drive(def, [started()], (e) => ok(e.key));
    const copied = rerunPrefix({ ...input, definition: def }, first.journal, '/do/0/loop/do/1/q');
    expect(copied.map((e) => (e as { key: string }).key)).toEqual(['root:0:/do/0/loop/do/0/p']);
    const again = drive(def, [started(), ...copied], (e) => ok(e.key));
    expect(again.seen.map((e) => e.pointer.split('/').pop())).toEqual(['q', 'p', 'q']);
  });

  it('fork and try: from a branch keeps the other branch before it; from inside a try body keeps its earlier tasks', () => {
    const def = wf([{ f: { fork: { branches: [{ x: call('x') }, { y: call('y') }] } } }, { t: { try: [{ b: call('b') }, { c: call('c') }], catch: { do: [{ u: call('u') }] } } }]);
    const first = drive(def, [started()], (e) => ok(e.key));
    const fromBranch = rerunPrefix({ ...input, definition: def }, first.journal, '/do/0/f/fork/branches/1/y');
    expect(fromBranch.map((e) => (e as { key: string }).key)).toEqual(['root/0:0:/do/0/f/fork/branches/0/x']);
    const again = drive(def, [started(), ...fromBranch], (e) => ok(e.key));
    expect(again.seen.map((e) => e.pointer.split('/').pop())).toEqual(['y', 'b', 'c']);
    const fromTry = rerunPrefix({ ...input, definition: def }, first.journal, '/do/1/t/try/1/c');
    expect(fromTry.map((e) => keyPointer(e))).toEqual(['/do/0/f/fork/branches/0/x', '/do/0/f/fork/branches/1/y', '/do/1/t/try/0/b']);
  });

  it('try/catch and fork pointers are task pointers; others are not', () => {
    const def = wf([{ t: { try: [{ b: call('b') }], catch: { do: [{ u: call('u') }] } } }, { f: { fork: { branches: [{ x: call('x') }] } } }]);
    expect(taskPointers(def)).toEqual(['/do/0/t', '/do/0/t/try/0/b', '/do/0/t/catch/do/0/u', '/do/1/f', '/do/1/f/fork/branches/0/x']);
  });

  it('versions: compatible when the tasks before the stop point are unchanged', () => {
    const v2 = wf([...(seven.do as Json[]).slice(0, 6), { t7: call('t7-fixed') }]);
    expect(compatibleUpTo(seven, v2, '/do/6/t7')).toEqual({ ok: true });
    expect(compatibleUpTo(seven, v2, '/do/7/t8')).toMatchObject({ ok: false, reason: expect.stringMatching(/task \/do\/6 differs/) });
  });
});

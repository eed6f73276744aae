/**
 * Repairing runs in the journal (pure): which journaled outcomes a replay still sees after a redrive,
 * which ones a redrive supersedes, and which ones a rerun copies. Every decision is taken by replaying
 * the journal on the definition the run will continue on, so that a key the replay never reaches is never
 * fed later (a crash-replay must see exactly what the live run saw).
 */
import type { Json } from '../../shared/index.js';
import { escapeToken } from '../../shared/index.js';
import { type JournalEntry, effectiveJournal } from './journal.js';

type Outcome = Extract<JournalEntry, { kind: 'resolved' | 'failed' }>;
const isOutcome = (e: JournalEntry): e is Outcome => e.kind === 'resolved' || e.kind === 'failed';

import { RunMachine, type MachineState } from './machine.js';
import { entriesOf } from './task-entries.js';

/** Splits an effect key `<fiber>:<seq>:<pointer>[@yield:<n>]` into its fiber and task pointer. */
export function keyParts(key: string): { fiber: string; pointer: string } {
  const m = /^(.*?):\d+:(\/.*)$/.exec(key);
  if (!m) return { fiber: '', pointer: '' };
  return { fiber: m[1], pointer: m[2].replace(/@yield:\d+$/, '') };
}

export interface ReplayInput {
  runId: string;
  definition: Record<string, Json>;
  input: Json;
  startedAt: number;
}

/** Replays these outcomes on the definition; returns the keys the run consumed, in order, and where it stands. */
function consume(r: ReplayInput, outcomes: Outcome[]): { consumed: string[]; state: MachineState } {
  const consumed: string[] = [];
  const m = new RunMachine({ ...r, onConsumed: (key) => consumed.push(key) });
  const state = m.replay(outcomes);
  return { consumed, state };
}

/** `/try` segment of the innermost try whose body holds `pointer`: its retry effects (now, timer) use it. */
function enclosingTry(pointer: string): string | undefined {
  const i = pointer.lastIndexOf('/try/');
  return i < 0 ? undefined : pointer.slice(0, i);
}

export interface RedrivePlan {
  /** Outcome keys replay ignores from now on. */
  superseded: string[];
  /** The task the run stopped at (the failed task, or a task whose effect was in flight), if any. */
  pointer?: string;
}

/**
 * What a redrive supersedes. F: the outcome the run faulted on (the last one it consumed, when the fault
 * names its task: a failed effect, or an answer the task turned into an error, like an HTTP 500). Inside
 * a `try` with retry, F's whole attempt and the attempts before it (walking back over the retry's back-off
 * effects) go with it, so the try starts over at its first attempt — its retry counter too. Then whatever
 * the run no longer reaches without them (the back-off timers, a catch branch that ran) is superseded
 * too. A cancelled run, or one that faulted without an effect (e.g. `raise`), supersedes nothing: its
 * effects in flight have no outcome and are performed again.
 */
export function planRedrive(r: ReplayInput, journal: JournalEntry[]): RedrivePlan {
  const outcomes = effectiveJournal(journal).filter(isOutcome);
  const first = consume(r, outcomes);
  const dropped = new Set<string>();
  const last = first.consumed[first.consumed.length - 1];
  if (first.state.status === 'faulted' && last !== undefined && keyParts(last).pointer === first.state.error.instance) {
    for (const k of attempts(first.consumed, last)) dropped.add(k);
  }
  const second = consume(r, outcomes.filter((e) => !dropped.has(e.key)));
  const kept = new Set(second.consumed);
  const superseded = outcomes.filter((e) => !kept.has(e.key)).map((e) => e.key);
  const s = second.state;
  const pointer = s.status === 'running' ? s.pending[0]?.pointer : s.status === 'faulted' ? s.error.instance : undefined;
  return { superseded, ...(pointer ? { pointer } : {}) };
}

/**
 * The keys of F's attempt and, inside a try with retry, of the earlier attempts: walking back in F's
 * fiber over the try's body; a step back to a task later in the document starts an earlier attempt only
 * across a back-off effect (`now`/`timer` of the try), else it is an earlier loop iteration: the end.
 */
function attempts(consumed: string[], f: string): string[] {
  const { fiber, pointer } = keyParts(f);
  const scope = enclosingTry(pointer);
  if (scope === undefined) return [f];
  const out = [f];
  let prev = pointer;
  let boundary = false;
  for (let i = consumed.length - 2; i >= 0; i--) {
    const k = consumed[i];
    const p = keyParts(k);
    if (p.fiber !== fiber) continue;
    if (p.pointer === scope) {
      boundary = true;
      out.push(k);
      continue;
    }
    if (!p.pointer.startsWith(`${scope}/try/`)) break;
    if (comparePointers(p.pointer, prev) > 0 && !boundary) break;
    boundary = false;
    prev = p.pointer;
    out.push(k);
  }
  return out;
}

/** Every task pointer of the definition, in document order (nested do, for, try/catch, fork, listen foreach). */
export function taskPointers(definition: Record<string, Json>): string[] {
  const out: string[] = [];
  const walk = (list: unknown, base: string) => {
    if (!Array.isArray(list)) return;
    entriesOf(list as never, base).forEach(([name, task], i) => {
      const p = `${base}/${i}/${escapeToken(name)}`;
      out.push(p);
      const t = (task ?? {}) as Record<string, unknown>;
      walk(t.do, `${p}/do`);
      walk(t.try, `${p}/try`);
      walk((t.catch as Record<string, unknown> | undefined)?.do, `${p}/catch/do`);
      walk((t.fork as Record<string, unknown> | undefined)?.branches, `${p}/fork/branches`);
      walk(((t.listen as Record<string, unknown> | undefined)?.foreach as Record<string, unknown> | undefined)?.do ?? (t.foreach as Record<string, unknown> | undefined)?.do, `${p}/foreach/do`);
    });
  };
  walk(definition.do, '/do');
  return out;
}

/** Document order of two pointers: segment by segment, list indices as numbers, a `try` body before its `catch`. */
export function comparePointers(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const nx = Number(x[i]);
    const ny = Number(y[i]);
    if (x[i] !== '' && y[i] !== '' && Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    const rank = (s: string) => (s === 'try' ? 0 : s === 'catch' ? 1 : 2);
    return rank(x[i]) - rank(y[i]) || (x[i] < y[i] ? -1 : 1);
  }
  return x.length - y.length;
}

/** Whether an effect of task `pointer` comes before task `from` (not inside it, not after it). */
export function before(pointer: string, from: string): boolean {
  return pointer !== from && !pointer.startsWith(`${from}/`) && comparePointers(pointer, from) < 0;
}

/**
 * The outcomes a rerun from task `from` copies: the original's outcomes of tasks before it, as far as a
 * replay of them on the new run's definition and input reaches (so that a later loop iteration's outcome
 * for an earlier task is not copied: the run performs it again after `from`).
 */
export function rerunPrefix(r: ReplayInput, journal: JournalEntry[], from: string): Outcome[] {
  const candidates = effectiveJournal(journal).filter(isOutcome).filter((e) => before(keyParts(e.key).pointer, from));
  const kept = new Set(consume(r, candidates).consumed);
  return candidates.filter((e) => kept.has(e.key));
}

/**
 * Whether a run may continue on another definition: the top-level tasks before the one holding `pointer`
 * are unchanged (deep-equal, same names), and the top-level `use` and `input` too, so the outcomes kept
 * belong to the same tasks. The failed task itself may change: that is usually the fix.
 */
export function compatibleUpTo(a: Record<string, Json>, b: Record<string, Json>, pointer: string | undefined): { ok: true } | { ok: false; reason: string } {
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  for (const field of ['use', 'input'] as const) {
    if (!same(a[field], b[field])) return { ok: false, reason: `its top-level \`${field}\` differs` };
  }
  const m = pointer ? /^\/do\/(\d+)/.exec(pointer) : null;
  const upTo = m ? Number(m[1]) : Array.isArray(a.do) ? a.do.length : 0;
  const da = Array.isArray(a.do) ? a.do : [];
  const db = Array.isArray(b.do) ? b.do : [];
  for (let i = 0; i < upTo; i++) {
    if (!same(da[i], db[i])) return { ok: false, reason: `task /do/${i} differs (the run completed it before it stopped at ${pointer ?? 'the end'})` };
  }
  return { ok: true };
}

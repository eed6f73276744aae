/**
 * Recovery and resumption: unfinished runs (after a restart) or runs taken over from another node are
 * re-activated from their journals — oldest first, a bounded number at a time (pacing.ts) — replayed a
 * slice at a time, and stepped on. A suspended run replays up to its suspension and holds back what came
 * after.
 */
import type { Resolution } from '../core/effects.js';
import { type JournalEntry, TERMINAL, effectiveJournal } from '../core/journal.js';
import type { MachineState } from '../core/machine.js';
import type { RunRecord } from '../../ports/index.js';
import type { ActiveRun, ActiveRuns } from './active-run.js';
import type { EngineOptions, RunResult } from './engine-options.js';
import { Pacer } from './pacing.js';
import type { Stepper } from './stepping.js';

export interface RecoveryOptions {
  options: Pick<EngineOptions, 'store' | 'clock' | 'recoveryConcurrency' | 'onAbandon'>;
  runs: ActiveRuns;
  stepper: Stepper;
  /** True once the engine drains: nothing more is activated here. */
  draining: () => boolean;
}

export class Recovery {
  /** Resumption after a restart or a takeover, oldest first, a bounded number at a time (pacing.ts). */
  private readonly pacer: Pacer;

  constructor(private readonly r: RecoveryOptions) {
    const o = r.options;
    this.pacer = new Pacer({ concurrency: o.recoveryConcurrency, clock: o.clock, onError: (id, err) => o.onAbandon?.(id, err instanceof Error ? err : new Error(String(err))) });
  }

  /** Queues these runs for resumption; with `wait`, resolves once they are active. Returns how many were queued. */
  async resumeRuns(runs: RunRecord[], wait: boolean): Promise<number> {
    const fresh = runs.filter((r) => !this.r.runs.has(r.id)).sort((a, b) => a.createdAt - b.createdAt);
    const activated = this.pacer.enqueue(fresh.map((rec) => ({ id: rec.id, activate: () => this.resumeRun(rec) })));
    if (wait) await activated;
    return fresh.length;
  }

  /** A run queued for resumption here: waits until it is active (or skipped). */
  async resumed(id: string): Promise<void> {
    const pending = this.pacer.pending(id);
    if (pending) await pending;
  }

  /** Ids queued here for resumption (some may be active already). */
  queued(): string[] {
    return this.pacer.ids();
  }

  /** Forgets a queued run (another node holds it now). */
  remove(id: string): void {
    this.pacer.remove(id);
  }

  /** Activates nothing more (the engine drains or stops). */
  stop(): void {
    this.pacer.stop();
  }

  /** Replays one run's journal and takes its next step; resolves with its end (undefined when not resumed). */
  private async resumeRun(rec: RunRecord): Promise<{ ended: Promise<RunResult> } | undefined> {
    const { runs, stepper } = this.r;
    if (runs.has(rec.id) || this.r.draining()) return undefined;
    const all = await this.r.options.store.journal(rec.id);
    // After a redrive, the old end and what it supersedes are history (core/journal.ts effectiveJournal).
    const journal = effectiveJournal(all);
    const started = journal.find((e) => e.kind === 'started');
    // Ended while it waited for its turn (e.g. cancelled), or activated meanwhile.
    if (!started || runs.has(rec.id) || this.r.draining() || journal.some((e) => TERMINAL.has(e.kind as never))) return undefined;
    const run = runs.activate(rec, started.at);
    noteRedrives(run, all);
    // A suspended run replays up to its suspension; what arrived since stays held until resume().
    const kinds = journal.map((e) => e.kind);
    const cut = kinds.lastIndexOf('suspended') > kinds.lastIndexOf('resumed') ? kinds.lastIndexOf('suspended') : -1;
    if (cut >= 0) {
      run.suspended = true;
      run.held = journal.slice(cut).flatMap((e): Resolution[] => (e.kind === 'resolved' ? [{ key: e.key, value: e.value }] : e.kind === 'failed' ? [{ key: e.key, error: e.error }] : []));
    }
    const state = await this.replay(run, cut >= 0 ? journal.slice(0, cut) : journal);
    if (!run.finished) await stepper.afterStep(run, state);
    return { ended: run.done };
  }

  /** Replays a run's journal a slice at a time, giving the event loop back between slices. */
  private async replay(run: ActiveRun, journal: JournalEntry[]): Promise<MachineState> {
    let state = run.machine.replay(journal);
    while (run.machine.replayUnfinished && !run.finished) {
      await new Promise((resolve) => setImmediate(resolve));
      state = run.machine.continueReplay();
    }
    return state;
  }
}

/**
 * Effects performed again because a redrive superseded their outcome get a fresh idempotency key
 * (`#redrive-<n>`): that attempt failed (or was answered with an error), and a server that kept its error
 * answer under the old key would only repeat it. Effects that were in flight (no outcome, e.g. when the
 * run was cancelled) are never superseded and keep their key, so a server deduplicates one that landed.
 */
export function noteRedrives(run: ActiveRun, journal: JournalEntry[]): void {
  let n = 0;
  for (const e of journal) {
    if (e.kind !== 'redriven') continue;
    n++;
    for (const k of e.superseded) run.retried.set(k, n);
  }
}

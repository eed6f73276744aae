/**
 * One run's interpreter instance: wraps the workflow generator, tracks the effects it waits on, and
 * replays journaled outcomes (in journal order) before anything new happens. Pure: the caller supplies
 * outcomes; lifecycle events are suppressed while replaying.
 */
import type { Workflow } from '../../dsl/index.js';
import type { Json } from '../../shared/index.js';
import { type Effect, Fiber, type Gen, type Resolution } from './effects.js';
import { type Problem, RUN_ERROR_CODES, WorkflowError, problemOf, workflowError } from './errors.js';
import { runWorkflow } from './interpreter.js';
import { type JournalEntry, effectiveJournal } from './journal.js';
import { type RunContext, type RuntimeInfo, workflowArg } from './run-context.js';

export interface LifecycleEvent {
  type: string;
  data: Record<string, Json>;
}

export interface MachineOptions {
  runId: string;
  definition: Record<string, Json>;
  input: Json;
  startedAt: number;
  runtime?: RuntimeInfo;
  secrets?: () => Record<string, Json>;
  onEvent?: (e: LifecycleEvent) => void;
  /** Most tasks one run may execute (every task of a `then:` loop, `for` iteration, … counts); default 100,000. */
  maxTransitions?: number;
  /**
   * Pacing of a live run (the driver's): a monotonic clock in ms, the slice after which the run pauses
   * between two tasks (a `yield` effect), and the most tasks in one slice. Without it a run only pauses
   * where its journal says it did.
   */
  pace?: { now: () => number; sliceMs: number; sliceTasks: number };
  /** Told each journaled outcome a replay feeds the run (redrive and rerun planning: core/redrive.ts). */
  onConsumed?: (key: string) => void;
}

export const DEFAULT_MAX_TRANSITIONS = 100_000;

/**
 * A pause's key is `<fiber>:<seq>:<pointer>@yield:<transition>`: distinct from the keys of the task's own
 * effects, and from the pauses of the same task in other loop iterations (tasks that only compute take no
 * sequence number, so the run's transition count tells the iterations apart).
 */
const PAUSE = '@yield:';

export type MachineState =
  | { status: 'running'; pending: Effect[] }
  | { status: 'completed'; output: Json }
  | { status: 'faulted'; error: Problem };

export const DEFAULT_RUNTIME: RuntimeInfo = { name: 'weft', version: '0.1.0' };

export class RunMachine {
  private readonly gen: Gen<Json>;
  private replaying = false;
  /** Keys of the pauses a journal being followed holds: the run pauses exactly there (see beforeTask). */
  private readonly pauses = new Set<string>();
  private following = false;
  /** The journaled outcomes a replay has not fed yet; undefined when no replay is in progress. */
  private outcomes: Map<string, { order: number; r: Resolution }> | undefined;
  private transitions = 0;
  private sliceStart = 0;
  private sliceTasks = 0;
  state: MachineState = { status: 'running', pending: [] };

  constructor(readonly options: MachineOptions) {
    const rc: RunContext = {
      runId: options.runId,
      // A definition is validated (src/dsl validateDocument) before any run of it starts, so it has the
      // typed model's shape: the one place the engine takes that as given. Handlers still check what they
      // rely on, so a malformed document faults with a configuration error.
      definition: options.definition as unknown as Workflow,
      rawInput: options.input,
      startedAt: options.startedAt,
      workflowArg: workflowArg(options.runId, options.definition, options.input, options.startedAt),
      context: null,
      runtime: options.runtime ?? DEFAULT_RUNTIME,
      secrets: options.secrets ?? (() => ({})),
      lifecycle: (type, data) => {
        if (!this.replaying && options.onEvent) options.onEvent({ type, data });
      },
      beforeTask: (fiber, pointer) => this.beforeTask(fiber, pointer),
    };
    this.gen = runWorkflow(rc, new Fiber('root'));
  }

  /** Starts the run: runs until it first waits on effects, completes or faults. */
  start(): MachineState {
    return this.step(() => this.gen.next());
  }

  /** Feeds one effect outcome. Outcomes for effects the run no longer waits on are ignored. */
  resolve(r: Resolution): MachineState {
    if (this.state.status !== 'running' || !this.state.pending.some((e) => e.key === r.key)) return this.state;
    return this.step(() => this.gen.next(r));
  }

  /**
   * Counts a task against the run's cap (deterministic: the same count on replay) and says whether the
   * run pauses before it: on replay exactly where it paused live (its pause is journaled), live once the
   * slice's time or task budget is spent.
   */
  private beforeTask(fiber: Fiber, pointer: string): string | undefined {
    const max = this.options.maxTransitions ?? DEFAULT_MAX_TRANSITIONS;
    if (++this.transitions > max) {
      throw workflowError('runtime', `the run executed more than ${max} tasks (a then: loop, for or while that does not end?); the limit is WEFT_RUN_MAX_TRANSITIONS`, pointer, { code: RUN_ERROR_CODES.transitions });
    }
    const key = `${pointer}${PAUSE}${this.transitions}`;
    const pace = this.options.pace;
    if (this.following) {
      if (this.pauses.delete(fiber.peek(key))) return key;
      // Live, a run never executes more than a slice's tasks between two waits: a longer stretch was never
      // journaled (the process stopped in it), so pausing here shifts no journaled key — pace from here.
      if (!pace || ++this.sliceTasks < pace.sliceTasks) return undefined;
      this.live();
      return key;
    }
    if (!pace) return undefined;
    if (++this.sliceTasks >= pace.sliceTasks || pace.now() - this.sliceStart >= pace.sliceMs) return key;
    return undefined;
  }

  /**
   * The run will be fed this journal's outcomes (replay, or rebuilding its events): it pauses where the
   * journal says it did, and nowhere else, until `live()`.
   */
  follow(journal: JournalEntry[]): void {
    this.following = true;
    for (const e of effectiveJournal(journal)) if (e.kind === 'resolved' && e.key.includes(PAUSE)) this.pauses.add(e.key);
  }

  /** From here on the run paces itself (after a replay). */
  live(): void {
    this.following = false;
    this.pauses.clear();
  }

  /**
   * Starts, then feeds journaled outcomes in journal order while the run waits on any of them. With
   * `pace`, a long replay stops after a slice (`replayUnfinished`): the driver gives the event loop back
   * and calls `continueReplay()`.
   */
  replay(all: JournalEntry[]): MachineState {
    // After a redrive, the superseded outcomes are not there (core/redrive.ts).
    const journal = effectiveJournal(all);
    const outcomes = new Map<string, { order: number; r: Resolution }>();
    journal.forEach((e, order) => {
      if (e.kind === 'resolved') outcomes.set(e.key, { order, r: { key: e.key, value: e.value } });
      else if (e.kind === 'failed') outcomes.set(e.key, { order, r: { key: e.key, error: e.error } });
    });
    this.outcomes = outcomes;
    this.follow(journal);
    this.replaying = outcomes.size > 0;
    try {
      this.start();
    } catch (err) {
      this.endReplay();
      throw err;
    }
    return this.feed();
  }

  /** A replay stopped part-way to give the event loop back. */
  get replayUnfinished(): boolean {
    return this.outcomes !== undefined;
  }

  continueReplay(): MachineState {
    return this.outcomes ? this.feed() : this.state;
  }

  private feed(): MachineState {
    const outcomes = this.outcomes!;
    const pace = this.options.pace;
    const began = pace ? pace.now() : 0;
    try {
      for (;;) {
        if (this.state.status !== 'running') break;
        if (pace && pace.now() - began >= pace.sliceMs) return this.state;
        let next: { order: number; r: Resolution } | undefined;
        for (const e of this.state.pending) {
          const o = outcomes.get(e.key);
          if (o && (!next || o.order < next.order)) next = o;
        }
        if (!next) break;
        outcomes.delete(next.r.key);
        this.options.onConsumed?.(next.r.key);
        this.replaying = outcomes.size > 0;
        this.resolve(next.r);
      }
    } catch (err) {
      this.endReplay();
      throw err;
    }
    this.endReplay();
    return this.state;
  }

  private endReplay(): void {
    this.replaying = false;
    this.outcomes = undefined;
    this.live();
  }

  private step(advance: () => IteratorResult<Effect[], Json>): MachineState {
    if (this.options.pace) {
      this.sliceStart = this.options.pace.now();
      this.sliceTasks = 0;
    }
    try {
      const it = advance();
      this.state = it.done ? { status: 'completed', output: it.value } : { status: 'running', pending: it.value };
    } catch (err) {
      if (!(err instanceof WorkflowError)) throw err;
      this.state = { status: 'faulted', error: problemOf(err) };
    }
    return this.state;
  }
}

/**
 * One task of a workflow run in isolation ("test one task", like Step Functions' TestState): the task
 * goes through the same data flow as in a run (`if`, `input`, the task, `output.as`, `export.as`), with
 * the caller's input, `$context` and locals, and yields its effects to whoever drives the probe, who
 * answers them (mocks, or real ports). Pure, like the machine: no journal, no run, no lifecycle events.
 */
import type { Task, Workflow } from '../../dsl/index.js';
import { type Json, getAtTokens, splitPointer, taskKindOf } from '../../shared/index.js';
import { type Effect, Fiber, type Gen, type Resolution } from './effects.js';
import { type Problem, WorkflowError, problemOf, workflowError } from './errors.js';
import { interpreter } from './interpreter.js';
import { DEFAULT_RUNTIME, type MachineState } from './machine.js';
import { taskPointers } from './redrive.js';
import { type RunContext, type RuntimeInfo, workflowArg } from './run-context.js';

export interface ProbeOptions {
  /** An id for `$workflow.id` and effect idempotency keys; never a stored run's. */
  runId: string;
  definition: Record<string, Json>;
  /** The task's JSON pointer in the definition, e.g. `/do/2/charge`. */
  pointer: string;
  /** The task's raw input (before its `input.from`). */
  input: Json;
  /** `$context` as the task sees it. */
  context?: Json;
  /** Variables in scope (`$item`, `$index` of an enclosing `for`, `$error` of a `catch`). */
  locals?: Record<string, Json>;
  startedAt: number;
  runtime?: RuntimeInfo;
  secrets?: () => Record<string, Json>;
  /** Most tasks the probe may enter (the task and the tasks nested in it); default 10,000. */
  maxTransitions?: number;
}

/** Why a pointer cannot be tested: it names nothing in the document, or something that is not a task. */
export type ProbeTarget = { ok: true; name: string; task: Task } | { ok: false; reason: 'bad-pointer' | 'not-a-task'; detail: string };

export const PROBE_MAX_TRANSITIONS = 10_000;
/** Task pointers listed in `transitions` at most (the count goes on). */
const LISTED_TRANSITIONS = 1_000;

/** The task `pointer` names in the definition (top-level or nested in do, for, try/catch, fork, foreach). */
export function probeTarget(definition: Record<string, Json>, pointer: string): ProbeTarget {
  const tokens = splitPointer(pointer);
  if (!tokens || tokens.length === 0) return { ok: false, reason: 'bad-pointer', detail: `${JSON.stringify(pointer)} is not a JSON pointer to a task (like /do/0/name)` };
  const at = getAtTokens(definition, tokens);
  if (at === undefined) return { ok: false, reason: 'bad-pointer', detail: `${pointer} names nothing in the workflow document` };
  const task = at as Task;
  if (!taskPointers(definition).includes(pointer) || at === null || typeof at !== 'object' || taskKindOf(task) === undefined) {
    return { ok: false, reason: 'not-a-task', detail: `${pointer} is in the workflow document but is not a task (a task is /do/<index>/<name>, or nested: …/do|try|catch/do|fork/branches/<index>/<name>)` };
  }
  return { ok: true, name: tokens[tokens.length - 1], task };
}

export class TaskProbe {
  private readonly gen: Gen<Json>;
  private readonly rc: RunContext;
  /** Pointers of the tasks entered, in order (the first LISTED_TRANSITIONS). */
  readonly transitions: string[] = [];
  private entered = 0;
  state: MachineState = { status: 'running', pending: [] };

  /** Throws a TypeError when the pointer is not a task: call probeTarget first to answer why. */
  constructor(o: ProbeOptions) {
    const target = probeTarget(o.definition, o.pointer);
    if (!target.ok) throw new TypeError(target.detail);
    const max = o.maxTransitions ?? PROBE_MAX_TRANSITIONS;
    this.rc = {
      runId: o.runId,
      // Registered definitions are validated before they are stored (as for RunMachine).
      definition: o.definition as unknown as Workflow,
      rawInput: o.input,
      startedAt: o.startedAt,
      workflowArg: workflowArg(o.runId, o.definition, o.input, o.startedAt),
      context: o.context ?? null,
      runtime: o.runtime ?? DEFAULT_RUNTIME,
      secrets: o.secrets ?? (() => ({})),
      lifecycle: () => {},
      // No pacing: a probe is bounded by its own, smaller cap, and its driver awaits between effects anyway.
      beforeTask: (_fiber, pointer) => {
        if (++this.entered > max) throw workflowError('runtime', `the task entered more than ${max} tasks (a loop that does not end?)`, pointer);
        if (this.transitions.length < LISTED_TRANSITIONS) this.transitions.push(pointer);
        return undefined;
      },
    };
    this.gen = probe(this.rc, new Fiber('root'), target.name, target.task, o.pointer, o.input, o.locals ?? {});
  }

  /** `$context` now: the caller's, or what the task's `export.as` made of it. */
  get context(): Json {
    return this.rc.context;
  }

  /** How many tasks the probe entered (the task itself counts). */
  get transitionCount(): number {
    return this.entered;
  }

  start(): MachineState {
    return this.step(() => this.gen.next());
  }

  /** Feeds one effect's outcome; outcomes for effects the task does not wait on are ignored. */
  resolve(r: Resolution): MachineState {
    if (this.state.status !== 'running' || !this.state.pending.some((e) => e.key === r.key)) return this.state;
    return this.step(() => this.gen.next(r));
  }

  private step(advance: () => IteratorResult<Effect[], Json>): MachineState {
    try {
      const it = advance();
      this.state = it.done ? { status: 'completed', output: it.value } : { status: 'running', pending: it.value };
    } catch (err) {
      if (!(err instanceof WorkflowError)) throw err;
      const error: Problem = problemOf(err);
      this.state = { status: 'faulted', error };
    }
    return this.state;
  }
}

// The task's `then` is not followed: the probe ends with the task.
function* probe(rc: RunContext, fiber: Fiber, name: string, task: Task, pointer: string, input: Json, locals: Record<string, Json>): Gen<Json> {
  const r = yield* interpreter.runTask({ rc, fiber, interpreter, locals, name, task, pointer }, input);
  return r.output;
}

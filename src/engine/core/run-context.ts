/**
 * What one run's interpretation needs besides its data: identity, definition, the workflow-level
 * runtime arguments, and where lifecycle events go. Built by the driver; read by every task.
 */
import type { Task, TaskList, Workflow } from '../../dsl/index.js';
import type { Json } from '../../shared/index.js';
import type { Args } from './expressions.js';
import type { Fiber, Gen } from './effects.js';

export type FlowDirective = 'continue' | 'exit' | 'end' | string;

export interface TaskResult {
  output: Json;
  /** Where to go next; `end` from a nested list ends the whole workflow. */
  then?: FlowDirective;
  /** `$authorization` for the task's later expressions: the scheme and parameter its call used. */
  authorization?: Json;
}

/** The scope a task list runs in: its task's, without the task itself. */
export type ListScope = Omit<TaskScope, 'name' | 'task' | 'pointer'>;

/**
 * What task handlers call back into to run nested tasks (`do`, `for`, `try`, `fork`, functions of
 * `use.functions`…). Handed to them in the scope, so that the handlers never import the interpreter
 * (which imports the handler table).
 */
export interface Interpreter {
  /** Runs a task list: in order, honouring `then`; returns the last output and whether the workflow ended. */
  runTaskList(parent: ListScope, list: TaskList | undefined, pointer: string, input: Json): Gen<TaskResult>;
  /** One task through the DSL data flow. */
  runTask(s: TaskScope, rawInput: Json): Gen<TaskResult>;
}

export interface RuntimeInfo {
  name: string;
  version: string;
  metadata?: Record<string, Json>;
}

export interface RunContext {
  readonly runId: string;
  /** The workflow document, read through the typed DSL model (src/dsl/model.ts). */
  readonly definition: Workflow;
  readonly rawInput: Json;
  /** Epoch ms at which the run started (journaled, so identical on replay). */
  readonly startedAt: number;
  /** `$workflow`: built once per run. */
  readonly workflowArg: Json;
  /** `$context`, replaced by each task's `export.as`. */
  context: Json;
  readonly runtime: RuntimeInfo;
  /** Function versions this run resolved, by `name:alias`, so that retries keep them (see tasks/call.ts). */
  pinnedFunctions?: Map<string, string>;
  /** Secret values by name (read once per run, on first use; never journaled). */
  readonly secrets: () => Record<string, Json>;
  secretValues?: Record<string, Json>;
  /** Lifecycle CloudEvent sink (`io.serverlessworkflow.task.completed.v1`, …); silent during replay. */
  readonly lifecycle: (type: string, data: Record<string, Json>) => void;
  /**
   * Called before every task: counts it against the run's transition cap (throws past it) and returns
   * the pointer of a pause (`yield` effect) to take first, when the run must give the event loop back.
   */
  readonly beforeTask: (fiber: Fiber, pointer: string) => string | undefined;
}

/** Where a task runs; `T` is its kind's type in the DSL model (a handler gets its own kind's). */
export interface TaskScope<T extends Task = Task> {
  readonly rc: RunContext;
  readonly fiber: Fiber;
  readonly interpreter: Interpreter;
  readonly pointer: string;
  readonly name: string;
  readonly task: T;
  /** Variables in scope: `$item`/`$index` of enclosing `for`s, `$error` in `catch`, … */
  readonly locals: Args;
  /** `$task` for expressions in the task's definition (set once the task has started). */
  readonly taskArg?: Json;
}

/** Runs one kind of task (tasks/index.ts maps each kind to its handler). */
export type TaskHandler<T extends Task = Task> = (s: TaskScope<T>, input: Json) => Gen<TaskResult>;

export function workflowArg(runId: string, definition: Json, rawInput: Json, startedAt: number): Json {
  return { id: runId, definition, input: rawInput, startedAt: dateTime(startedAt) };
}

export function dateTime(ms: number): Json {
  return { iso8601: new Date(ms).toISOString(), epoch: { seconds: Math.floor(ms / 1000), milliseconds: ms } };
}

/** The runtime expression arguments (`$context`, `$input`, `$workflow`, …) for one evaluation. */
export function argsFor(s: TaskScope | { rc: RunContext; locals: Args }, extra: { input?: Json; output?: Json; task?: Json; authorization?: Json }): Args {
  const rc = s.rc;
  const args: Args = {
    ...s.locals,
    context: rc.context,
    workflow: rc.workflowArg,
    runtime: rc.runtime as unknown as Json,
    authorization: extra.authorization ?? null,
  };
  if (extra.input !== undefined) args.input = extra.input;
  if (extra.output !== undefined) args.output = extra.output;
  const task = extra.task ?? ('taskArg' in s ? s.taskArg : undefined);
  if (task !== undefined) args.task = task;
  args.secret = args.secrets = rc.secretValues ??= rc.secrets();
  return args;
}

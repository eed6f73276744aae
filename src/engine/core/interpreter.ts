/**
 * The interpreter: a workflow as nested generators. Each task goes through the DSL's data flow
 * (`if`, `input.schema`, `input.from`, the task itself, `output.as`, `output.schema`, `export.as`,
 * `then`); effects are yielded to the driver. Nothing here reads the clock, randomness or I/O.
 */
import type { Task, TaskList } from '../../dsl/index.js';
import { type Json, escapeToken } from '../../shared/index.js';
import type { Gen } from './effects.js';
import { WorkflowError, withInstance, workflowError } from './errors.js';
import { evaluateCondition, evaluateTransform } from './expressions.js';
import { type Interpreter, type ListScope, type RunContext, type TaskResult, type TaskScope, argsFor, dateTime } from './run-context.js';
import { perform } from './tasks/perform.js';
import { validateSchema } from './schemas.js';
import { entriesOf } from './task-entries.js';
import { handlerFor, taskKind } from './tasks/index.js';
import { timeoutMs, withTimeout } from './timeouts.js';

export type { FlowDirective, TaskResult } from './run-context.js';

/** What the task handlers call back into (they get it in their scope instead of importing this module). */
export const interpreter: Interpreter = { runTask, runTaskList };

/** Runs a task list: in order, honouring `then`; returns the last output and whether the workflow ended. */
export function* runTaskList(parent: ListScope, list: TaskList | undefined, pointer: string, input: Json): Gen<TaskResult> {
  const entries = entriesOf(list, pointer);
  let i = 0;
  let data = input;
  while (i < entries.length) {
    const [name, task] = entries[i];
    // Fields written out: a spread here is a slow path in V8, and this runs for every task.
    const scope: TaskScope = { rc: parent.rc, fiber: parent.fiber, interpreter: parent.interpreter, locals: parent.locals, name, task, pointer: `${pointer}/${i}/${escapeToken(name)}` };
    const r = yield* runTask(scope, data);
    data = r.output;
    const then = r.then ?? 'continue';
    if (then === 'continue') i++;
    else if (then === 'exit') return { output: data };
    else if (then === 'end') return { output: data, then: 'end' };
    else {
      const target = entries.findIndex(([n]) => n === then);
      if (target < 0) throw workflowError('configuration', `then: '${then}' is not a task of this list`, scope.pointer);
      i = target;
    }
  }
  return { output: data };
}

/** One task through the DSL data flow. */
export function* runTask(s: TaskScope, rawInput: Json): Gen<TaskResult> {
  const { task, pointer, rc } = s;
  const pause = rc.beforeTask(s.fiber, pointer);
  if (pause !== undefined) yield* perform({ kind: 'yield', key: s.fiber.key(pause), pointer });
  let startedAt: Json | undefined;
  // `$task`: input and output are the raw ones, before `input.from` and `output.as` (dsl.md).
  const taskArg = (output?: Json): Json => ({
    name: s.name,
    reference: pointer,
    definition: task,
    input: rawInput,
    ...(output === undefined ? {} : { output }),
    ...(startedAt === undefined ? {} : { startedAt }),
  });
  if (task.if !== undefined && !evaluateCondition(task.if, rawInput, argsFor(s, { task: taskArg() }), pointer)) {
    return { output: rawInput };
  }
  // The start time is an input like any other: asked for (and journaled) only when `$task` is used.
  if (mentionsTask(task)) startedAt = dateTime((yield* perform({ kind: 'now', key: s.fiber.key(pointer), pointer })) as number);
  rc.lifecycle('io.serverlessworkflow.task.created.v1', { task: pointer });
  rc.lifecycle('io.serverlessworkflow.task.started.v1', { task: pointer });
  try {
    const io = task.input ?? {};
    if (io.schema !== undefined) validateSchema(io.schema, rawInput, pointer, 'task input');
    const input = io.from === undefined ? rawInput : evaluateTransform(io.from, rawInput, argsFor(s, { task: taskArg() }), pointer);
    const kind = taskKind(task, pointer);
    const limit = timeoutMs(task.timeout, rc.definition, pointer);
    const body = handlerFor(kind)({ rc, fiber: s.fiber, interpreter: s.interpreter, locals: s.locals, name: s.name, task, pointer, taskArg: taskArg() }, input);
    const result = limit === null ? yield* body : yield* withTimeout(body, limit, s.fiber, pointer, `task ${s.name}`);
    const out = task.output ?? {};
    const authorization = result.authorization;
    const output = out.as === undefined ? result.output : evaluateTransform(out.as, result.output, argsFor(s, { input, authorization, task: taskArg(result.output) }), pointer);
    if (out.schema !== undefined) validateSchema(out.schema, output, pointer, 'task output');
    const ex = task.export ?? {};
    if (ex.as !== undefined) {
      rc.context = evaluateTransform(ex.as, output, argsFor(s, { input, output, authorization, task: taskArg(result.output) }), pointer);
      if (ex.schema !== undefined) validateSchema(ex.schema, rc.context, pointer, 'exported context');
    }
    rc.lifecycle('io.serverlessworkflow.task.completed.v1', { task: pointer, output });
    const then = result.then === 'end' ? 'end' : result.then ?? task.then;
    return { output, then };
  } catch (err) {
    if (!(err instanceof WorkflowError)) throw err;
    const e = withInstance(err, pointer);
    rc.lifecycle('io.serverlessworkflow.task.faulted.v1', { task: pointer, error: e.problem as unknown as Json });
    throw e;
  }
}

const usesTask = new WeakMap<object, boolean>();

function mentionsTask(task: Task): boolean {
  let v = usesTask.get(task);
  if (v === undefined) usesTask.set(task, (v = JSON.stringify(task).includes('$task')));
  return v;
}

/** The whole workflow: input validation and transform, the top-level `do`, output transform and validation. */
export function* runWorkflow(rc: RunContext, fiber: TaskScope['fiber']): Gen<Json> {
  const def = rc.definition;
  const base: ListScope = { rc, fiber, interpreter, locals: {} };
  const io = def.input ?? {};
  if (io.schema !== undefined) validateSchema(io.schema, rc.rawInput, '/input', 'workflow input');
  const input = io.from === undefined ? rc.rawInput : evaluateTransform(io.from, rc.rawInput, argsFor(base, {}), '/input/from');
  rc.context = rc.context ?? null;
  const limit = timeoutMs(def.timeout, def, '');
  const body = runTaskList(base, def.do, '/do', input);
  const r = limit === null ? yield* body : yield* withTimeout(body, limit, fiber, '', 'workflow');
  const out = def.output ?? {};
  const output = out.as === undefined ? r.output : evaluateTransform(out.as, r.output, argsFor(base, {}), '/output/as');
  if (out.schema !== undefined) validateSchema(out.schema, output, '/output', 'workflow output');
  return output;
}

/** Task kinds by their defining property, and the handler for each. */
import type { Task, TasksByKind } from '../../../dsl/index.js';
import { type TaskKind, taskKindOf } from '../../../shared/index.js';
import { workflowError } from '../errors.js';
import type { TaskHandler } from '../run-context.js';
import { callTask } from './call.js';
import { doTask } from './do.js';
import { emitTask } from './emit.js';
import { forTask } from './for.js';
import { forkTask } from './fork.js';
import { listenTask } from './listen.js';
import { raiseTask } from './raise.js';
import { runTask } from './run.js';
import { setTask } from './set.js';
import { switchTask } from './switch.js';
import { tryTask } from './try.js';
import { waitTask } from './wait.js';

export type { TaskHandler, TaskKind };

/** Each kind's handler, typed by its kind's task in the DSL model. */
export const TASKS: { [K in TaskKind]: TaskHandler<TasksByKind[K]> } = {
  call: callTask,
  emit: emitTask,
  for: forTask,
  fork: forkTask,
  listen: listenTask,
  raise: raiseTask,
  run: runTask,
  set: setTask,
  switch: switchTask,
  try: tryTask,
  wait: waitTask,
  do: doTask,
};

/** The task's kind (in the one detection order, shared/task-kinds.ts), or a configuration error. */
export function taskKind(task: Task, pointer: string): TaskKind {
  const kind = taskKindOf(task);
  if (kind !== undefined) return kind;
  throw workflowError('configuration', 'not a task: no task kind property (call, do, set, …)', pointer);
}

/**
 * The handler for a task of this kind. `taskKind` named the kind by the property that defines it, so the
 * task is that kind's type in the model: the one place that correlation is taken as given.
 */
export function handlerFor(kind: TaskKind): TaskHandler {
  return TASKS[kind] as TaskHandler;
}

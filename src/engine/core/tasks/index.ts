/** Task kinds by their defining property, and the handler for each. */
import { type Json, type TaskKind, taskKindOf } from '../../../shared/index.js';
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

export const TASKS: Record<TaskKind, TaskHandler> = {
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
export function taskKind(task: Record<string, Json>, pointer: string): TaskKind {
  const kind = taskKindOf(task);
  if (kind !== undefined) return kind;
  throw workflowError('configuration', 'not a task: no task kind property (call, do, set, …)', pointer);
}

/** Task kinds by their defining property, and the handler for each. */
import type { Json } from '../../../shared/index.js';
import type { Gen } from '../effects.js';
import { workflowError } from '../errors.js';
import type { TaskResult } from '../interpreter.js';
import type { TaskScope } from '../run-context.js';
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

export type TaskHandler = (s: TaskScope, input: Json) => Gen<TaskResult>;

// `for` and `try` also carry `do`/`catch`, so they are recognised before `do`.
const ORDER = ['call', 'emit', 'for', 'fork', 'listen', 'raise', 'run', 'set', 'switch', 'try', 'wait', 'do'] as const;
export type TaskKind = (typeof ORDER)[number];

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

export function taskKind(task: Record<string, Json>, pointer: string): TaskKind {
  if (task && typeof task === 'object') for (const k of ORDER) if (k in task) return k;
  throw workflowError('configuration', 'not a task: no task kind property (call, do, set, …)', pointer);
}

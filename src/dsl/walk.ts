/**
 * Where tasks are in a document. Task lists nest (do, for, fork, try/catch, listen/subscription
 * `foreach`), and tasks also live outside `do`: reusable functions (`use.functions`) and extension
 * hooks (`use.extensions[].before/after`). The walk is defensive: it runs on documents the schema
 * rejected, so that every problem is reported at once, and skips whatever is not shaped like a task.
 */
import { type TaskEntry, isObject, joinPointer, taskEntries } from './pointer.js';

export interface TaskVisit {
  name: string;
  task: Record<string, unknown>;
  /** Pointer to the task, e.g. `/do/0/tryGetPet/try/0/getPet`. */
  pointer: string;
  /** The task's list — the scope its flow directives may target; null for a reusable function. */
  siblings: readonly TaskEntry[] | null;
}

export interface TaskListRef {
  list: unknown;
  pointer: string;
}

/** Visits every task of the document, parents before children, in document order. */
export function walkTasks(document: unknown, visit: (task: TaskVisit) => void): void {
  if (!isObject(document)) return;
  walkList({ list: document.do, pointer: '/do' }, visit);
  const use = isObject(document.use) ? document.use : {};
  if (isObject(use.functions)) {
    for (const [name, task] of Object.entries(use.functions)) {
      walkTask({ name, task, pointer: joinPointer('/use/functions', name), index: -1 }, null, visit);
    }
  }
  if (Array.isArray(use.extensions)) {
    use.extensions.forEach((item, i) => {
      if (!isObject(item)) return;
      for (const [name, extension] of Object.entries(item)) {
        if (!isObject(extension)) continue;
        for (const hook of ['before', 'after']) {
          walkList({ list: extension[hook], pointer: joinPointer('/use/extensions', i, name, hook) }, visit);
        }
      }
    });
  }
}

function walkList(ref: TaskListRef, visit: (task: TaskVisit) => void): void {
  const entries = taskEntries(ref.list, ref.pointer);
  for (const entry of entries) walkTask(entry, entries, visit);
}

function walkTask(entry: TaskEntry, siblings: readonly TaskEntry[] | null, visit: (task: TaskVisit) => void): void {
  if (!isObject(entry.task)) return;
  visit({ name: entry.name, task: entry.task, pointer: entry.pointer, siblings });
  for (const child of childTaskLists(entry.task, entry.pointer)) walkList(child, visit);
}

/** The task lists directly inside a task, with their pointers. */
export function childTaskLists(task: Record<string, unknown>, pointer: string): TaskListRef[] {
  const out: TaskListRef[] = [];
  const add = (list: unknown, ...tokens: string[]): void => {
    if (list !== undefined) out.push({ list, pointer: joinPointer(pointer, ...tokens) });
  };
  add(task.do, 'do'); // a `do` task, or the body of a `for` task
  if (isObject(task.fork)) add(task.fork.branches, 'fork', 'branches');
  add(task.try, 'try');
  if (isObject(task.catch)) add(task.catch.do, 'catch', 'do');
  if (isObject(task.foreach)) add(task.foreach.do, 'foreach', 'do'); // listen
  const subscription = isObject(task.with) && isObject(task.with.subscription) ? task.with.subscription : undefined;
  if (subscription && isObject(subscription.foreach)) add(subscription.foreach.do, 'with', 'subscription', 'foreach', 'do'); // asyncapi
  return out;
}

/**
 * Resolving pointers inside a (cloned, mutable) document for the edit operations: which list a task
 * pointer names and at which index, and whether a pointer names a task list at all. Resolution is
 * strict — an operation aimed at a stale pointer must fail loudly, not edit a neighbour.
 */
import { StudioModelError } from './errors.js';
import { entryName, getAtTokens, isObject, parsePointer } from './pointer.js';

export interface LocatedTask {
  list: unknown[];
  index: number;
  name: string;
  task: Record<string, unknown>;
}

/** Where task lists may sit below a task (mirrors task-kind.ts childListPaths). */
const CHILD_LIST_PATHS = ['do', 'fork/branches', 'try', 'catch/do', 'foreach/do', 'with/subscription/foreach/do'];

export function tokensOf(pointer: string): string[] {
  const tokens = parsePointer(pointer);
  if (tokens === null) throw new StudioModelError('WEFT_ERR_STUDIO_UNKNOWN_POINTER', `not a JSON pointer: '${pointer}'`);
  return tokens;
}

export function locateTask(document: unknown, pointer: string): LocatedTask {
  const tokens = tokensOf(pointer);
  const found = tokens.length >= 3 ? taskAt(document, tokens) : undefined;
  if (!found) throw new StudioModelError('WEFT_ERR_STUDIO_UNKNOWN_POINTER', `no task at '${pointer}'`);
  return found;
}

function taskAt(document: unknown, tokens: string[]): LocatedTask | undefined {
  const name = tokens[tokens.length - 1];
  const indexToken = tokens[tokens.length - 2];
  const list = getAtTokens(document, tokens.slice(0, -2));
  if (!Array.isArray(list) || !/^(0|[1-9]\d*)$/.test(indexToken)) return undefined;
  if (!isTaskList(document, tokens.slice(0, -2))) return undefined;
  const index = Number(indexToken);
  const item = list[index];
  if (entryName(item) !== name) return undefined;
  const task = (item as Record<string, unknown>)[name];
  return isObject(task) ? { list, index, name, task } : undefined;
}

/** The task list at `pointer` (the workflow's `do`, or a list inside a task). */
export function locateList(document: unknown, pointer: string): unknown[] {
  const tokens = tokensOf(pointer);
  const list = getAtTokens(document, tokens);
  if (!Array.isArray(list) || !isTaskList(document, tokens)) {
    throw new StudioModelError('WEFT_ERR_STUDIO_NOT_A_TASK_LIST', `no task list at '${pointer}'`);
  }
  return list;
}

function isTaskList(document: unknown, tokens: string[]): boolean {
  if (tokens.length === 1 && tokens[0] === 'do') return true;
  for (const path of CHILD_LIST_PATHS) {
    const suffix = path.split('/');
    if (tokens.length < suffix.length + 3) continue;
    const owner = tokens.slice(0, tokens.length - suffix.length);
    if (tokens.slice(owner.length).join('/') === path && taskAt(document, owner)) return true;
  }
  return false;
}

/** Names of the tasks of a list (the scope a flow directive may target). */
export function namesOf(list: unknown[]): string[] {
  return list.flatMap((item) => {
    const name = entryName(item);
    return name === null ? [] : [name];
  });
}

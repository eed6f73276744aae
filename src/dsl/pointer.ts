/**
 * JSON pointers (RFC 6901): how problems, journal entries, traces and the studio address a place in a
 * workflow document — `/do/0/tryGetPet/try/0/getPet` is the task `getPet`, first in the `try` list of
 * `tryGetPet`, first in the workflow's `do` list.
 */

import { escapeToken, getAtTokens, joinPointer, splitPointer, unescapeToken } from '../shared/index.js';

// The codec itself is shared with the engine and the studio (src/shared/pointer.ts, via src/contracts).
export { escapeToken, joinPointer, unescapeToken };

/** Splits a pointer into unescaped tokens; `""` is the whole document (no tokens). */
export function parsePointer(pointer: string): string[] {
  const tokens = splitPointer(pointer);
  if (tokens === null) throw new Error(`not a JSON pointer: '${pointer}'`);
  return tokens;
}

/** The value a pointer designates, or undefined when there is none. */
export function getAt(root: unknown, pointer: string): unknown {
  return getAtTokens(root, parsePointer(pointer));
}

/** How many tokens `pointer` has below `base` (`-1` when it is not at or below it). */
export function depthBelow(pointer: string, base: string): number {
  if (pointer === base) return 0;
  if (!pointer.startsWith(base + '/')) return -1;
  return pointer.slice(base.length).split('/').length - 1;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface TaskEntry<T = unknown> {
  name: string;
  task: T;
  /** Pointer to the task itself, e.g. `/do/0/getPet`. */
  pointer: string;
  /** Position in the list. */
  index: number;
}

/**
 * The named tasks of a task list (`[{name: task}, …]`) with their pointers. Entries that are not
 * single-key objects are skipped: the schema reports them, and they name no task.
 */
export function taskEntries<T = unknown>(list: unknown, basePointer: string): TaskEntry<T>[] {
  if (!Array.isArray(list)) return [];
  const out: TaskEntry<T>[] = [];
  list.forEach((item, index) => {
    if (!isObject(item)) return;
    const keys = Object.keys(item);
    if (keys.length !== 1) return;
    const name = keys[0];
    out.push({ name, task: item[name] as T, pointer: joinPointer(basePointer, index, name), index });
  });
  return out;
}

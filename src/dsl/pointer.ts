/**
 * JSON pointers (RFC 6901): how problems, journal entries, traces and the studio address a place in a
 * workflow document — `/do/0/tryGetPet/try/0/getPet` is the task `getPet`, first in the `try` list of
 * `tryGetPet`, first in the workflow's `do` list.
 */

/** Escapes one reference token: `~` → `~0`, `/` → `~1` (in that order, per RFC 6901 §3). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reverses escapeToken (`~1` first, so that `~01` decodes to `~1`, per RFC 6901 §4). */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Appends tokens to a pointer: `joinPointer('/do', 0, 'a/b')` → `/do/0/a~1b`. */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (const t of tokens) out += '/' + escapeToken(t);
  return out;
}

/** Splits a pointer into unescaped tokens; `""` is the whole document (no tokens). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: '${pointer}'`);
  return pointer.slice(1).split('/').map(unescapeToken);
}

/** The value a pointer designates, or undefined when there is none. */
export function getAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (isObject(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = node[token];
    } else return undefined;
  }
  return node;
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

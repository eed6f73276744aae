/**
 * Typed edit operations on the DOCUMENT (the source of truth; the graph is re-derived from it). Each
 * operation is pure: it returns a new document and never mutates its input, so the view can keep an
 * undo stack of documents and compare by identity. Invalid edits throw a StudioModelError with a code.
 */
import { StudioModelError } from './errors.js';
import { type LocatedTask, locateList, locateTask, namesOf } from './locate.js';
import { entryName, isObject } from './pointer.js';

export type Document = Record<string, unknown>;
export type PropertyPath = readonly (string | number)[];

/** Flow directives that are not task names; a task named like one could never be targeted. */
const DIRECTIVES = new Set(['continue', 'exit', 'end']);

export function addTask(document: Document, listPointer: string, index: number, name: string, task: Record<string, unknown>): Document {
  const doc = structuredClone(document);
  const list = locateList(doc, listPointer);
  checkName(name, list);
  checkIndex(index, list.length);
  list.splice(index, 0, { [name]: structuredClone(task) });
  return doc;
}

/** Removes a task; sibling directives that targeted it fall back to `continue` (their `then` is dropped). */
export function removeTask(document: Document, pointer: string): Document {
  const doc = structuredClone(document);
  const at = locateTask(doc, pointer);
  at.list.splice(at.index, 1);
  retarget(at.list, (target) => (target === at.name ? undefined : target));
  return doc;
}

/**
 * Moves a task to `index` of another (or the same) list, `index` counted after the task left its old
 * place. Across lists, flow directives are list-scoped, so references that would dangle are dropped.
 */
export function moveTask(document: Document, pointer: string, toListPointer: string, index: number): Document {
  if (toListPointer === pointer || toListPointer.startsWith(pointer + '/')) {
    throw new StudioModelError('WEFT_ERR_STUDIO_MOVE_INTO_SELF', `cannot move '${pointer}' into itself`);
  }
  const doc = structuredClone(document);
  const at = locateTask(doc, pointer);
  // Resolve the target before removing: removal shifts the indexes in pointers after it.
  const target = locateList(doc, toListPointer);
  const sameList = target === at.list;
  if (!sameList) checkName(at.name, target);
  const [item] = at.list.splice(at.index, 1);
  checkIndex(index, target.length);
  target.splice(index, 0, item);
  if (!sameList) {
    retarget(at.list, (t) => (t === at.name ? undefined : t));
    const names = new Set(namesOf(target));
    retargetTask(at.task, (t) => (DIRECTIVES.has(t) || names.has(t) ? t : undefined));
  }
  return doc;
}

/** Renames a task and every sibling flow directive (`then`, switch cases) that targets it. */
export function renameTask(document: Document, pointer: string, newName: string): Document {
  const doc = structuredClone(document);
  const at = locateTask(doc, pointer);
  if (newName === at.name) return doc;
  checkName(newName, at.list);
  at.list[at.index] = { [newName]: at.task };
  retarget(at.list, (target) => (target === at.name ? newName : target));
  return doc;
}

/** Sets (or, with `undefined`, deletes) a property of a task, e.g. `['with', 'endpoint']`. */
export function setProperty(document: Document, pointer: string, path: PropertyPath, value: unknown): Document {
  if (path.length === 0) throw new StudioModelError('WEFT_ERR_STUDIO_BAD_PATH', 'a property path needs at least one key');
  const doc = structuredClone(document);
  let node: unknown = locateTask(doc, pointer).task;
  for (const [i, key] of path.slice(0, -1).entries()) {
    const container = node as Record<string | number, unknown>;
    if (container[key] === undefined) {
      if (value === undefined) return doc;
      container[key] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = container[key];
    if (typeof node !== 'object' || node === null) {
      throw new StudioModelError('WEFT_ERR_STUDIO_BAD_PATH', `'${path.slice(0, i + 1).join('.')}' of '${pointer}' is not an object`);
    }
  }
  const last = path[path.length - 1];
  const container = node as Record<string | number, unknown>;
  if (value === undefined) {
    if (Array.isArray(container) && typeof last === 'number') container.splice(last, 1);
    else delete container[last];
  } else container[last] = structuredClone(value);
  return doc;
}

/**
 * Points a task's flow directive (`then`) — or, with `caseName`, one switch case's — at a sibling task
 * or at `continue` / `exit` / `end`.
 */
export function connect(document: Document, fromPointer: string, toName: string, caseName?: string): Document {
  const doc = structuredClone(document);
  const at = locateTask(doc, fromPointer);
  if (!DIRECTIVES.has(toName) && !namesOf(at.list).includes(toName)) {
    throw new StudioModelError('WEFT_ERR_STUDIO_UNKNOWN_TARGET', `'${toName}' is neither a flow directive nor a sibling of '${fromPointer}'`);
  }
  if (caseName === undefined) {
    at.task.then = toName;
    return doc;
  }
  const body = switchCase(at, caseName);
  if (!body) throw new StudioModelError('WEFT_ERR_STUDIO_UNKNOWN_CASE', `'${fromPointer}' has no switch case '${caseName}'`);
  body.then = toName;
  return doc;
}

function switchCase(at: LocatedTask, caseName: string): Record<string, unknown> | undefined {
  if (!Array.isArray(at.task.switch)) return undefined;
  const item = at.task.switch.find((c) => entryName(c) === caseName) as Record<string, unknown> | undefined;
  const body = item?.[caseName];
  return isObject(body) ? body : undefined;
}

function checkName(name: string, list: unknown[]): void {
  if (typeof name !== 'string' || name === '' || DIRECTIVES.has(name)) {
    throw new StudioModelError('WEFT_ERR_STUDIO_BAD_NAME', `'${name}' cannot name a task`);
  }
  if (namesOf(list).includes(name)) throw new StudioModelError('WEFT_ERR_STUDIO_NAME_TAKEN', `a task named '${name}' is already in this list`);
}

function checkIndex(index: number, length: number): void {
  if (Number.isInteger(index) && index >= 0 && index <= length) return;
  throw new StudioModelError('WEFT_ERR_STUDIO_BAD_INDEX', `index ${index} is outside 0..${length}`);
}

type Retarget = (target: string) => string | undefined;

/** Applies `map` to every flow directive of the tasks of a list; `undefined` drops the directive. */
function retarget(list: unknown[], map: Retarget): void {
  for (const item of list) {
    const name = entryName(item);
    const task = name === null ? undefined : (item as Record<string, unknown>)[name];
    if (isObject(task)) retargetTask(task, map);
  }
}

function retargetTask(task: Record<string, unknown>, map: Retarget): void {
  const holders: Record<string, unknown>[] = [task];
  if (Array.isArray(task.switch)) {
    for (const c of task.switch) {
      const name = entryName(c);
      const body = name === null ? undefined : (c as Record<string, unknown>)[name];
      if (isObject(body)) holders.push(body);
    }
  }
  for (const holder of holders) {
    if (typeof holder.then !== 'string') continue;
    const next = map(holder.then);
    if (next === undefined) delete holder.then;
    else holder.then = next;
  }
}

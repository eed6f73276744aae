/**
 * DSL document ⇄ graph. The DOCUMENT is the source of truth (operations.ts edits it); the graph is a
 * derived, render-ready view of it. Still, `toDocument(toGraph(doc))` deep-equals `doc` (up to key
 * order): each task node keeps every property of its task except the nested task lists, which become
 * nodes of their own, and the graph keeps every property of the document outside `do`. That lets the
 * view rebuild YAML from a graph it holds without keeping the document alongside.
 * Node ids and shapes: graph-types.ts.
 */
import { flowEdges } from './edges.js';
import { type TaskList, type WorkflowGraph, ROOT_LIST, endId, startId } from './graph-types.js';
import { entryName, isObject, joinPointer } from './pointer.js';
import { childListPaths, taskKind } from './task-kind.js';

export function toGraph(document: unknown): WorkflowGraph {
  const source = isObject(document) ? document : {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (!(key === 'do' && Array.isArray(value))) rest[key] = structuredClone(value);
  }
  const graph: WorkflowGraph = { document: rest, lists: [], nodes: [], edges: [] };
  if (Array.isArray(source.do)) addList(graph, source.do, ROOT_LIST, null, ['do']);
  graph.edges = flowEdges(graph);
  return graph;
}

function addList(graph: WorkflowGraph, items: unknown[], pointer: string, owner: string | null, path: string[]): void {
  const list: TaskList = { id: pointer, owner, path, items: [] };
  graph.lists.push(list);
  graph.nodes.push({ id: startId(pointer), type: 'start', list: pointer, parent: owner, label: 'start' });
  const nested: Array<() => void> = [];
  items.forEach((item, index) => {
    const name = entryName(item);
    const task = name === null ? undefined : (item as Record<string, unknown>)[name];
    if (name === null || !isObject(task)) {
      list.items.push({ raw: structuredClone(item) });
      return;
    }
    const id = joinPointer(pointer, index, name);
    const paths = childListPaths(task);
    const own = withoutLists(task, paths);
    const childLists: string[] = [];
    for (const childPath of paths) {
      const childPointer = joinPointer(id, ...childPath);
      childLists.push(childPointer);
      const children = valueAt(task, childPath) as unknown[];
      nested.push(() => addList(graph, children, childPointer, id, childPath));
    }
    list.items.push({ node: id });
    graph.nodes.push({ id, type: 'task', list: pointer, parent: owner, label: name, name, kind: taskKind(task), index, task: own, childLists });
  });
  graph.nodes.push({ id: endId(pointer), type: 'end', list: pointer, parent: owner, label: 'end' });
  // Children after the whole list, so each list's nodes are contiguous (start, tasks, end).
  for (const add of nested) add();
}

/**
 * A deep copy of a task minus its nested task lists. The lists are cut from a shallow copy before
 * cloning, so each task is copied once however deep it sits (cloning whole subtrees at every level
 * would make toGraph quadratic in the nesting depth).
 */
function withoutLists(task: Record<string, unknown>, paths: string[][]): Record<string, unknown> {
  const copy = { ...task };
  for (const path of paths) {
    let node = copy;
    for (const key of path.slice(0, -1)) {
      node[key] = { ...(node[key] as Record<string, unknown>) };
      node = node[key] as Record<string, unknown>;
    }
    delete node[path[path.length - 1]];
  }
  return structuredClone(copy);
}

function valueAt(root: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = root;
  for (const key of path) node = (node as Record<string, unknown>)[key];
  return node;
}

export function toDocument(graph: WorkflowGraph): Record<string, unknown> {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const lists = new Map(graph.lists.map((l) => [l.id, l]));
  const build = (listId: string): unknown[] => {
    const list = lists.get(listId);
    if (!list) throw new Error(`graph has no task list '${listId}'`);
    return list.items.map((item) => {
      if ('raw' in item) return structuredClone(item.raw);
      const node = nodes.get(item.node);
      if (!node || node.type !== 'task' || node.name === undefined) throw new Error(`graph has no task node '${item.node}'`);
      const task = structuredClone(node.task ?? {});
      for (const childId of node.childLists ?? []) attach(task, lists.get(childId)?.path ?? [], build(childId));
      return { [node.name]: task };
    });
  };
  const document = structuredClone(graph.document);
  if (lists.has(ROOT_LIST)) document.do = build(ROOT_LIST);
  return document;
}

function attach(target: Record<string, unknown>, path: string[], value: unknown[]): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

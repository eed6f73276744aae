/**
 * The flow edges of a graph, derived from the tasks' flow directives (dsl.md "Flow directives"):
 * `continue` (the default) goes to the next task of the same list or, after the last, to the list's
 * end; `exit` leaves the enclosing composite task (the list's end node); `end` ends the workflow (the
 * root list's end node); any other value names a task of the same list. A directive naming no sibling
 * draws no edge: reporting it is validation's job, and a dangling edge would have nowhere to point.
 */
import { type GraphEdge, type GraphNode, type EdgeKind, type TaskList, type WorkflowGraph, ROOT_LIST, endId, startId } from './graph-types.js';
import { entryName, isObject } from './pointer.js';

export function flowEdges(graph: WorkflowGraph): GraphEdge[] {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges: GraphEdge[] = [];
  const add = (source: string, target: string, kind: EdgeKind, extra: Partial<GraphEdge> = {}): void => {
    const label = extra.label === undefined ? '' : `:${extra.label}`;
    edges.push({ id: `${source}->${target}#${kind}${label}`, source, target, kind, ...extra });
  };
  for (const list of graph.lists) {
    const tasks = list.items.flatMap((item) => ('node' in item ? [nodes.get(item.node) as GraphNode] : []));
    if (isForkBranches(list)) addBranches(list, tasks, add);
    else addSequence(list, tasks, add);
    for (const task of tasks) addInner(task, add);
  }
  return edges;
}

type Add = (source: string, target: string, kind: EdgeKind, extra?: Partial<GraphEdge>) => void;

function isForkBranches(list: TaskList): boolean {
  return list.path.length === 2 && list.path[0] === 'fork' && list.path[1] === 'branches';
}

/** Fork branches run concurrently: each goes from the list's start to its end, side by side. */
function addBranches(list: TaskList, tasks: GraphNode[], add: Add): void {
  if (tasks.length === 0) add(startId(list.id), endId(list.id), 'sequence');
  for (const task of tasks) {
    add(startId(list.id), task.id, 'branch', { label: task.name });
    add(task.id, endId(list.id), 'sequence');
  }
}

function addSequence(list: TaskList, tasks: GraphNode[], add: Add): void {
  add(startId(list.id), tasks[0]?.id ?? endId(list.id), 'sequence');
  tasks.forEach((task, i) => {
    const resolve = (directive: unknown): string | undefined => flowTarget(directive, list, tasks, i);
    const own = task.task ?? {};
    if (task.kind === 'switch' && Array.isArray(own.switch)) {
      let hasDefault = false;
      for (const item of own.switch) {
        const caseName = entryName(item);
        const body = caseName === null ? undefined : (item as Record<string, unknown>)[caseName];
        if (caseName === null || !isObject(body)) continue;
        const when = typeof body.when === 'string' ? body.when : undefined;
        if (when === undefined) hasDefault = true;
        const target = resolve(body.then);
        if (target !== undefined) add(task.id, target, 'case', when === undefined ? { label: caseName } : { label: caseName, when });
      }
      // With a default case the switch's own directive is never taken.
      if (hasDefault) return;
    }
    const target = resolve(own.then);
    if (target === undefined) return;
    if (own.then === undefined) add(task.id, target, 'sequence');
    else add(task.id, target, 'then', { label: String(own.then) });
  });
}

function flowTarget(directive: unknown, list: TaskList, tasks: GraphNode[], index: number): string | undefined {
  if (directive === undefined || directive === 'continue') return tasks[index + 1]?.id ?? endId(list.id);
  if (directive === 'exit') return endId(list.id);
  if (directive === 'end') return endId(ROOT_LIST);
  return tasks.find((t) => t.name === directive)?.id;
}

/** Edges from a composite task into its own lists: body, catch path, retry loop. */
function addInner(task: GraphNode, add: Add): void {
  const own = task.task ?? {};
  for (const child of task.childLists ?? []) {
    if (child.endsWith('/catch/do')) add(task.id, startId(child), 'catch', { label: catchLabel(own.catch) });
    else add(task.id, startId(child), 'body');
  }
  if (isObject(own.catch) && own.catch.retry !== undefined && Array.isArray(task.childLists)) {
    const tryList = task.childLists.find((c) => c.endsWith('/try'));
    if (tryList) add(task.id, startId(tryList), 'retry', { label: 'retry' });
  }
}

/** `catch`, refined by the caught error's status when the filter names one (e.g. `catch 503`). */
function catchLabel(spec: unknown): string {
  const filter = isObject(spec) && isObject(spec.errors) && isObject(spec.errors.with) ? spec.errors.with : {};
  return filter.status === undefined ? 'catch' : `catch ${String(filter.status)}`;
}

/**
 * The graph's shapes and node ids, apart from graph.ts so that the edge derivation (edges.ts) and the
 * layout can use them without an import cycle.
 *
 * Ids: a task node's id is its JSON pointer (the server's address for it, so run statuses and problems
 * map straight onto nodes); each task list gets a start and an end node, `<list pointer>#start` /
 * `#end` (`#` cannot occur in a pointer, so these never collide with a task).
 */
import type { TaskKind } from './task-kind.js';

export type NodeType = 'task' | 'start' | 'end';

export interface GraphNode {
  id: string;
  type: NodeType;
  /** The task list this node sits in (for start/end: the list they open or close). */
  list: string;
  /** The composite task (group) this node is drawn inside; null at the top level. */
  parent: string | null;
  label: string;
  /** Task nodes only. */
  name?: string;
  kind?: TaskKind;
  index?: number;
  /** Task nodes only: the task's properties minus its nested task lists (those are nodes). */
  task?: Record<string, unknown>;
  /** Task nodes only: pointers of the task lists directly inside this task (non-empty = a group). */
  childLists?: string[];
}

export type EdgeKind = 'sequence' | 'then' | 'case' | 'catch' | 'retry' | 'branch' | 'body';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  label?: string;
  /** Switch cases: the case's `when` expression, if any (none = the default case). */
  when?: string;
}

/** One item of a task list: a task node, or an item that names no task, kept verbatim. */
export type ListItem = { node: string } | { raw: unknown };

export interface TaskList {
  /** Pointer of the list, e.g. `/do/0/tryGetPet/try`. */
  id: string;
  /** The task owning the list; null for the workflow's `do`. */
  owner: string | null;
  /** Where the list sits below its owner (below the document for the root), e.g. `['catch', 'do']`. */
  path: string[];
  items: ListItem[];
}

export interface WorkflowGraph {
  /** Everything of the document but its `do` list. */
  document: Record<string, unknown>;
  /** Lists in document order, parents before children; the root `/do` is first when present. */
  lists: TaskList[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const ROOT_LIST = '/do';
export const startId = (list: string): string => `${list}#start`;
export const endId = (list: string): string => `${list}#end`;

/**
 * Where a task dropped on the canvas goes: into the innermost composite task (group) under the pointer —
 * its nested list nearest horizontally — else into the workflow's `do`; at the index given by the
 * tasks above the drop point (left of it, for fork branches, which sit side by side).
 */
import type { Layout, WorkflowGraph } from '../../model/index.js';
import { ROOT_LIST, startId } from '../../model/index.js';

export interface DropTarget {
  list: string;
  index: number;
}

export function dropTarget(graph: WorkflowGraph, lay: Layout, point: { x: number; y: number }): DropTarget {
  const inside = (id: string): boolean => {
    const b = lay.boxes[id];
    return !!b && point.x >= b.absX && point.x <= b.absX + b.width && point.y >= b.absY && point.y <= b.absY + b.height;
  };
  // Deepest group containing the point (ids are pointers: a longer one is nested deeper).
  const group = graph.nodes
    .filter((n) => n.type === 'task' && (n.childLists?.length ?? 0) > 0 && inside(n.id))
    .sort((a, b) => b.id.length - a.id.length)[0];
  let listId = ROOT_LIST;
  if (group) {
    const lists = group.childLists ?? [];
    const centreX = (l: string) => {
      const b = lay.boxes[startId(l)];
      return b ? b.absX + b.width / 2 : 0;
    };
    listId = lists.reduce((best, l) => (Math.abs(centreX(l) - point.x) < Math.abs(centreX(best) - point.x) ? l : best), lists[0]);
  }
  const list = graph.lists.find((l) => l.id === listId);
  if (!list) return { list: ROOT_LIST, index: 0 };
  const fork = list.path.join('/') === 'fork/branches';
  let index = 0;
  list.items.forEach((item, i) => {
    if (!('node' in item)) return;
    const b = lay.boxes[item.node];
    if (!b) return;
    const before = fork ? b.absX + b.width / 2 < point.x : b.absY + b.height / 2 < point.y;
    if (before) index = i + 1;
  });
  return { list: listId, index };
}

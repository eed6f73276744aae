/**
 * A simple deterministic auto-layout: every task list is a column (start, tasks, end) read top to
 * bottom; a composite task is a group box sized around its lists, which sit side by side inside it;
 * fork branches sit side by side between their list's start and end. It is two linear passes (measure
 * bottom-up, place top-down) with no iteration or randomness, so the same graph always gets the same
 * coordinates and a 200-task workflow opens in a few milliseconds. Positions are given both relative
 * to the parent group (what React Flow's `parentId` expects) and absolute.
 */
import type { GraphNode, TaskList, WorkflowGraph } from './graph-types.js';
import { ROOT_LIST, endId, startId } from './graph-types.js';

export interface Box {
  /** Top-left corner relative to the parent group (absolute when the node has no parent). */
  x: number;
  y: number;
  absX: number;
  absY: number;
  width: number;
  height: number;
}

export interface Layout {
  boxes: Record<string, Box>;
  width: number;
  height: number;
}

export const LAYOUT = {
  taskWidth: 180,
  taskHeight: 48,
  terminal: 24, // start/end node diameter
  gap: 24, // between items of a column
  sideGap: 32, // between lists or branches placed side by side
  padding: 16, // inside a group
  header: 36, // a group's title bar
} as const;

interface Size {
  width: number;
  height: number;
}

export function layout(graph: WorkflowGraph): Layout {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const lists = new Map(graph.lists.map((l) => [l.id, l]));
  const sizes = new Map<string, Size>(); // node id or list id → size
  const tasksOf = (list: TaskList): GraphNode[] => list.items.flatMap((i) => ('node' in i ? [nodes.get(i.node) as GraphNode] : []));
  const isFork = (list: TaskList): boolean => list.path.join('/') === 'fork/branches';

  const measureList = (list: TaskList): Size => {
    const tasks = tasksOf(list).map(measureTask);
    const t = LAYOUT.terminal;
    let size: Size;
    if (isFork(list) && tasks.length > 0) {
      const row = sideBySide(tasks);
      size = { width: Math.max(t, row.width), height: 2 * (t + LAYOUT.gap) + row.height };
    } else {
      const width = Math.max(t, ...tasks.map((s) => s.width));
      const height = 2 * t + tasks.reduce<number>((h, s) => h + s.height + LAYOUT.gap, LAYOUT.gap);
      size = { width, height };
    }
    sizes.set(list.id, size);
    return size;
  };

  const measureTask = (node: GraphNode): Size => {
    let size: Size = { width: LAYOUT.taskWidth, height: LAYOUT.taskHeight };
    const children = (node.childLists ?? []).flatMap((id) => (lists.has(id) ? [measureList(lists.get(id) as TaskList)] : []));
    if (children.length > 0) {
      const row = sideBySide(children);
      size = {
        width: Math.max(LAYOUT.taskWidth, row.width + 2 * LAYOUT.padding),
        height: LAYOUT.header + row.height + 2 * LAYOUT.padding,
      };
    }
    sizes.set(node.id, size);
    return size;
  };

  const boxes: Record<string, Box> = {};
  const put = (id: string, absX: number, absY: number, parent: string | null): void => {
    const size = sizes.get(id) ?? { width: LAYOUT.terminal, height: LAYOUT.terminal };
    const origin = parent === null ? { absX: 0, absY: 0 } : boxes[parent];
    boxes[id] = { x: absX - origin.absX, y: absY - origin.absY, absX, absY, ...size };
  };

  // Places a list whose area's top-left is (x, y); each item is centred in the list's width.
  const placeList = (list: TaskList, x: number, y: number): void => {
    const { width } = sizes.get(list.id) as Size;
    const t = LAYOUT.terminal;
    const centre = (w: number): number => x + (width - w) / 2;
    const tasks = tasksOf(list);
    sizes.set(startId(list.id), { width: t, height: t });
    sizes.set(endId(list.id), { width: t, height: t });
    put(startId(list.id), centre(t), y, list.owner);
    let cursor = y + t + LAYOUT.gap;
    if (isFork(list) && tasks.length > 0) {
      const row = sideBySide(tasks.map((n) => sizes.get(n.id) as Size));
      let left = centre(row.width);
      for (const task of tasks) {
        placeTask(task, left, cursor);
        left += (sizes.get(task.id) as Size).width + LAYOUT.sideGap;
      }
      cursor += row.height + LAYOUT.gap;
    } else {
      for (const task of tasks) {
        const size = sizes.get(task.id) as Size;
        placeTask(task, centre(size.width), cursor);
        cursor += size.height + LAYOUT.gap;
      }
    }
    put(endId(list.id), centre(t), cursor, list.owner);
  };

  const placeTask = (node: GraphNode, x: number, y: number): void => {
    put(node.id, x, y, node.parent);
    const children = (node.childLists ?? []).flatMap((id) => (lists.has(id) ? [lists.get(id) as TaskList] : []));
    const row = sideBySide(children.map((l) => sizes.get(l.id) as Size));
    let left = x + ((sizes.get(node.id) as Size).width - row.width) / 2;
    for (const list of children) {
      placeList(list, left, y + LAYOUT.header + LAYOUT.padding);
      left += (sizes.get(list.id) as Size).width + LAYOUT.sideGap;
    }
  };

  const root = lists.get(ROOT_LIST);
  if (!root) return { boxes, width: 0, height: 0 };
  const size = measureList(root);
  placeList(root, 0, 0);
  return { boxes, ...size };
}

function sideBySide(sizes: Size[]): Size {
  if (sizes.length === 0) return { width: 0, height: 0 };
  const width = sizes.reduce((w, s) => w + s.width, 0) + LAYOUT.sideGap * (sizes.length - 1);
  return { width, height: Math.max(...sizes.map((s) => s.height)) };
}

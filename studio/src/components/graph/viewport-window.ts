/**
 * Which nodes to hand React Flow at all. React Flow draws every node once to measure its handles,
 * even with onlyRenderVisibleElements, so a 200-task workflow would build ~250 nodes to show 40. Big
 * graphs are therefore windowed here: only nodes near the viewport (half a screen around it) are passed,
 * with their ancestors (a child needs its group), and the edges between passed nodes. Panning moves
 * the window. Also computes the first viewport (fitting the start of a big workflow).
 */
import type { Edge, Node, Viewport } from '@xyflow/react';
import type { Layout, WorkflowGraph } from '../../model/index.js';

/** Graphs up to this many nodes are passed whole (windowing buys nothing there). */
export const WINDOW_FROM = 120;
/** Up to this many top-level nodes, the first view fits them all; past it, it opens on the first ones. */
const FIT_UP_TO = 24;
const FIT_FIRST = 10;

export interface Size {
  width: number;
  height: number;
}

export function initialViewport(graph: WorkflowGraph, lay: Layout, size: Size, minZoom: number): Viewport {
  const all = graph.nodes.filter((n) => n.parent === null);
  const top = all.length > FIT_UP_TO ? all.slice(0, FIT_FIRST) : all;
  const boxes = top.map((n) => lay.boxes[n.id]).filter(Boolean);
  if (boxes.length === 0) return { x: 0, y: 0, zoom: 1 };
  const x0 = Math.min(...boxes.map((b) => b.absX));
  const y0 = Math.min(...boxes.map((b) => b.absY));
  const x1 = Math.max(...boxes.map((b) => b.absX + b.width));
  const y1 = Math.max(...boxes.map((b) => b.absY + b.height));
  const pad = 1.2; // 10 % on each side
  const zoom = Math.max(minZoom, Math.min(1, size.width / ((x1 - x0) * pad), size.height / ((y1 - y0) * pad)));
  return { x: (size.width - (x1 - x0) * zoom) / 2 - x0 * zoom, y: (size.height - (y1 - y0) * zoom) / 2 - y0 * zoom, zoom };
}

export function windowed(graph: WorkflowGraph, lay: Layout, nodes: Node[], edges: Edge[], view: Viewport, size: Size): { nodes: Node[]; edges: Edge[] } {
  if (graph.nodes.length < WINDOW_FROM) return { nodes, edges };
  const w = size.width / view.zoom;
  const h = size.height / view.zoom;
  const left = -view.x / view.zoom - w / 2;
  const top = -view.y / view.zoom - h / 2;
  const right = left + 2 * w;
  const bottom = top + 2 * h;
  const parents = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const keep = new Set<string>();
  for (const n of graph.nodes) {
    const b = lay.boxes[n.id];
    if (!b || b.absX > right || b.absX + b.width < left || b.absY > bottom || b.absY + b.height < top) continue;
    for (let id: string | null | undefined = n.id; id && !keep.has(id); id = parents.get(id)) keep.add(id);
  }
  return { nodes: nodes.filter((n) => keep.has(n.id)), edges: edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}

/**
 * Graph (model) + layout → React Flow nodes and edges. Pure, so that FlowCanvas can memoise it on its
 * inputs: the layout is recomputed only when the graph changes, statuses/errors/selection only patch
 * node data.
 */
import { type Edge, MarkerType, type Node } from '@xyflow/react';
import type { EdgeKind, Layout, WorkflowGraph } from '../../model/index.js';
import type { FlowNodeData, TaskStatus } from './node-views.js';

const EDGE_STYLES: Record<EdgeKind, React.CSSProperties> = {
  sequence: { stroke: '#8a93a6' },
  then: { stroke: '#2457d6' },
  case: { stroke: '#7a3fc4' },
  catch: { stroke: '#b42318', strokeDasharray: '6 4' },
  retry: { stroke: '#9a6700', strokeDasharray: '2 4' },
  branch: { stroke: '#147a3d' },
  body: { stroke: '#8a93a6', strokeDasharray: '2 3' },
};

export interface Decorations {
  statuses?: Record<string, TaskStatus>;
  errors?: Record<string, string>;
  selected?: string;
}

export function flowNodes(graph: WorkflowGraph, lay: Layout, deco: Decorations): Node[] {
  return graph.nodes.map((n) => {
    const box = lay.boxes[n.id] ?? { x: 0, y: 0, width: 24, height: 24 };
    const isGroup = n.type === 'task' && (n.childLists?.length ?? 0) > 0;
    const data: FlowNodeData = {
      label: n.label,
      ...(n.kind ? { kind: n.kind } : {}),
      ...(n.type !== 'task' ? { terminal: n.type } : {}),
      ...(deco.statuses?.[n.id] ? { status: deco.statuses[n.id] } : {}),
      ...(deco.errors?.[n.id] ? { error: deco.errors[n.id] } : {}),
      ...(deco.selected === n.id ? { selected: true } : {}),
    };
    return {
      id: n.id,
      type: n.type !== 'task' ? 'wfTerminal' : isGroup ? 'wfGroup' : 'wfTask',
      position: { x: box.x, y: box.y },
      ...(n.parent ? { parentId: n.parent } : {}),
      data,
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      selectable: n.type === 'task',
      connectable: true,
      // Children above their group, so that clicks reach them.
      zIndex: depthOf(n.id),
      ariaLabel: n.type === 'task' ? `${n.kind} task ${n.label}` : n.type,
    } satisfies Node;
  });
}

function depthOf(id: string): number {
  return id.split('/').length;
}

export function flowEdges(graph: WorkflowGraph): Edge[] {
  return graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    ...(e.label ? { label: e.label } : {}),
    style: EDGE_STYLES[e.kind],
    markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_STYLES[e.kind].stroke as string },
    data: { kind: e.kind },
    zIndex: 1000,
    selectable: false,
    focusable: false,
  }));
}

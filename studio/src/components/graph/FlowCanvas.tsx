/**
 * The shared workflow canvas: React Flow rendering of the model's `toGraph()` + `layout()`.
 *
 * Props:
 * - `graph`      the model's WorkflowGraph (studio/src/model); the layout is derived from it here.
 * - `statuses`   task pointer (e.g. `/do/0/a`) → run status; colours the node and sets `data-status`.
 * - `errors`     task pointer → message; drawn on the node (validation problems).
 * - `selected`   the selected task pointer (highlighted).
 * - `onSelect`   called with a task pointer when a task is clicked (or focused + Enter), null on the pane.
 * - `readOnly`   no dragging, connecting or dropping (run view).
 * - `onConnect`  the user drew an edge from `source` to `target` (node ids = task pointers / `#end` ids).
 * - `onDropTask` a palette item (`application/x-weft-task` = task kind) was dropped at a flow position.
 *
 * Every node carries `data-testid="node-<id>"` and `data-status` (`none` without a status). Nodes can be
 * dragged around for a better look; positions come back to the auto-layout when the graph changes.
 * Only the nodes in view are drawn (onlyRenderVisibleElements): that keeps 200-task workflows fast.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, type NodeChange, type NodePositionChange, ReactFlow, ReactFlowProvider, type Viewport, type XYPosition, useReactFlow } from '@xyflow/react';
import { type WorkflowGraph, layout } from '../../model/index.js';
import { type Decorations, flowEdges, flowNodes } from './flow-elements.js';
import { NODE_TYPES, type TaskStatus } from './node-views.js';
import { type Size, WINDOW_FROM, initialViewport, windowed } from './viewport-window.js';

export type { TaskStatus } from './node-views.js';
export const TASK_MIME = 'application/x-weft-task';
const MIN_ZOOM = 0.05;

export interface FlowCanvasProps {
  graph: WorkflowGraph;
  statuses?: Record<string, TaskStatus>;
  errors?: Record<string, string>;
  selected?: string;
  onSelect?(pointer: string | null): void;
  readOnly?: boolean;
  onConnect?(source: string, target: string): void;
  onDropTask?(kind: string, position: { x: number; y: number }): void;
  /** Accessible name of the canvas region. */
  label?: string;
}

export function FlowCanvas(props: FlowCanvasProps): React.JSX.Element {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ graph, statuses, errors, selected, onSelect, readOnly, onConnect, onDropTask, label }: FlowCanvasProps): React.JSX.Element {
  const flow = useReactFlow();
  const lay = useMemo(() => layout(graph), [graph]);
  const deco: Decorations = useMemo(() => ({ statuses, errors, selected }), [statuses, errors, selected]);
  const derived = useMemo(() => flowNodes(graph, lay, deco), [graph, lay, deco]);
  const edges = useMemo(() => flowEdges(graph), [graph]);
  // Positions the user dragged, by node id. They survive decoration changes (a run's statuses arrive
  // while looking) but not a new graph (ids are pointers: after an edit they may name other tasks).
  // Nodes nobody moved keep their identity, so React Flow re-renders only the dragged one.
  const [moved, setMoved] = useState<{ graph: WorkflowGraph; at: Map<string, XYPosition> }>({ graph, at: new Map() });
  const overrides = moved.graph === graph ? moved.at : null;
  const nodes = useMemo(() => (overrides && overrides.size > 0 ? derived.map((n) => (overrides.has(n.id) ? { ...n, position: overrides.get(n.id) as XYPosition } : n)) : derived), [derived, overrides]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      // Selection is owned by the page (the `selected` prop): a keyboard or mouse selection of a task
      // is reported; sizes come from the layout, so measurements need no bookkeeping.
      for (const c of changes) if (c.type === 'select' && c.selected && !c.id.includes('#')) onSelect?.(c.id);
      const positions = changes.filter((c): c is NodePositionChange => c.type === 'position' && c.position !== undefined);
      if (positions.length === 0) return;
      setMoved((m) => {
        const at = new Map(m.graph === graph ? m.at : []);
        for (const c of positions) at.set(c.id, c.position as XYPosition);
        return { graph, at };
      });
    },
    [onSelect, graph],
  );

  // React Flow is mounted once the pane's size is known: the first viewport (the start of a big
  // workflow at a readable zoom, a small one whole) and the window of nodes passed depend on it.
  const wrap = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size | null>(null);
  const [view, setView] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const r = wrap.current?.getBoundingClientRect();
    if (!r) return;
    const measured = { width: Math.round(r.width), height: Math.round(r.height) };
    setSize(measured);
    setView(initialViewport(graph, lay, measured, MIN_ZOOM));
    // Only at mount: later graphs keep the user's viewport.
  }, []);
  const shown = useMemo(() => (size && view ? windowed(graph, lay, nodes, edges, view, size) : { nodes, edges }), [graph, lay, nodes, edges, view, size]);
  const frame = useRef(0);
  const onMove = useCallback((_: unknown, v: Viewport) => {
    if (graph.nodes.length < WINDOW_FROM) return;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setView(v));
  }, [graph]);

  const onDragOver = useCallback(
    (event: React.DragEvent) => {
      if (readOnly || !onDropTask) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    [readOnly, onDropTask],
  );
  const onDrop = useCallback(
    (event: React.DragEvent) => {
      if (readOnly || !onDropTask) return;
      const kind = event.dataTransfer.getData(TASK_MIME) || event.dataTransfer.getData('text/plain');
      if (!kind) return;
      event.preventDefault();
      onDropTask(kind, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [readOnly, onDropTask, flow],
  );

  return (
    <div className="canvas-wrap" style={{ width: '100%', height: '100%' }} onDragOver={onDragOver} onDrop={onDrop} data-nodes={graph.nodes.length} role="region" aria-label={label ?? 'Workflow graph'} ref={wrap}>
      {size && view ? (
      <ReactFlow
        nodes={shown.nodes}
        edges={shown.edges}
        defaultViewport={view ?? undefined}
        onMove={onMove}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onNodeClick={(_, node) => onSelect?.(node.type === 'wfTerminal' ? null : node.id)}
        onPaneClick={() => onSelect?.(null)}
        onConnect={(c) => onConnect?.(c.source, c.target)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly && !!onConnect}
        elementsSelectable
        minZoom={MIN_ZOOM}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
        deleteKeyCode={null}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
      ) : null}
    </div>
  );
}

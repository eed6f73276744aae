/**
 * The React Flow node components of the workflow graph: a task, a group (a composite task drawn around
 * its nested lists) and a start/end terminal. Each carries `data-testid="node-<id>"` and `data-status`,
 * the hooks the browser tests and the run view's colouring rely on. Memoised: React Flow re-renders
 * only nodes whose data changed, which keeps a 200-task canvas responsive while dragging.
 */
import { memo } from 'react';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import type { TaskKind } from '../../model/index.js';

export type TaskStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'faulted' | 'cancelled' | 'suspended';

export interface FlowNodeData extends Record<string, unknown> {
  label: string;
  kind?: TaskKind;
  status?: TaskStatus;
  error?: string;
  selected?: boolean;
  terminal?: 'start' | 'end';
}

/**
 * One glyph per task kind: recognisable at a glance without an icon font. Plain symbols (in DejaVu and
 * most system fonts), not emoji: a machine without an emoji font would draw boxes, and looks for a
 * fallback font for each of them first.
 */
export const KIND_ICONS: Record<TaskKind, string> = {
  call: '☎',
  do: '☰',
  emit: '↗',
  for: '↻',
  fork: '⋔',
  listen: '◉',
  raise: '⚠',
  run: '▶',
  set: '≔',
  switch: '⇄',
  try: '◇',
  wait: '◔',
  unknown: '?',
};

function describe(data: FlowNodeData): string {
  const parts = [`${data.kind ?? 'task'} task ${data.label}`];
  if (data.status) parts.push(`status ${data.status}`);
  if (data.error) parts.push(`error: ${data.error}`);
  return parts.join(', ');
}

const handles = (
  <>
    <Handle type="target" position={Position.Top} />
    <Handle type="source" position={Position.Bottom} />
  </>
);

export const TaskNodeView = memo(function TaskNodeView({ id, data }: NodeProps) {
  const d = data as FlowNodeData;
  const classes = ['wf-node', d.selected ? 'selected' : '', d.error ? 'has-error' : ''].join(' ');
  return (
    <div className={classes} data-testid={`node-${id}`} data-status={d.status ?? 'none'} data-kind={d.kind} title={d.error ?? undefined} aria-label={describe(d)}>
      {handles}
      <span className="icon" aria-hidden="true">
        {KIND_ICONS[d.kind ?? 'unknown']}
      </span>
      <span style={{ minWidth: 0, display: 'flex', flexDirection: 'column' }}>
        <span className="label">{d.label}</span>
        {d.error ? <span className="node-error">{d.error}</span> : <span className="kind">{d.kind}</span>}
      </span>
    </div>
  );
});

export const GroupNodeView = memo(function GroupNodeView({ id, data }: NodeProps) {
  const d = data as FlowNodeData;
  const classes = ['wf-group', d.selected ? 'selected' : '', d.error ? 'has-error' : ''].join(' ');
  return (
    <div className={classes} data-testid={`node-${id}`} data-status={d.status ?? 'none'} data-kind={d.kind} title={d.error ?? undefined} aria-label={describe(d)}>
      {handles}
      <div className="group-head">
        <span aria-hidden="true">{KIND_ICONS[d.kind ?? 'unknown']}</span>
        <strong>{d.label}</strong>
        <span className="muted">{d.kind}</span>
        {d.error ? <span className="node-error">{d.error}</span> : null}
      </div>
    </div>
  );
});

export const TerminalNodeView = memo(function TerminalNodeView({ id, data }: NodeProps) {
  const d = data as FlowNodeData;
  return (
    <div className={`wf-terminal ${d.terminal ?? ''}`} data-testid={`node-${id}`} data-status={d.status ?? 'none'} aria-label={d.terminal}>
      {d.terminal === 'start' ? <Handle type="source" position={Position.Bottom} /> : <Handle type="target" position={Position.Top} />}
    </div>
  );
});

export const NODE_TYPES = { wfTask: TaskNodeView, wfGroup: GroupNodeView, wfTerminal: TerminalNodeView };

/**
 * One run: its workflow (the version the run used) drawn read-only with each task coloured by status,
 * the selected task's details (with "Rerun from here"), a timeline, cancel/suspend/resume, redrive, and the
 * run's repairs (its redrives, the run it was rerun from). The run and its events are re-read
 * every second until the run has ended; the workflow document once.
 */
import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { href } from '../../app/router.js';
import { FlowCanvas } from '../../components/graph/FlowCanvas.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { toGraph } from '../../model/index.js';
import { formatDuration } from './format.js';
import { RedriveButton } from './redrive-button.js';
import { RerunFromTask } from './rerun-from-task.js';
import { RunControls } from './run-controls.js';
import { RunRepairs } from './run-repairs.js';
import { RunTimeline } from './run-timeline.js';
import { ENDED, type Run, type RunEvent, type WorkflowVersion } from './run-types.js';
import { StatusBadge } from './status-badge.js';
import { RunSummary, TaskPanel } from './task-panel.js';
import { errorMap, statusMap, taskStates } from './task-states.js';
import { usePolling } from './use-polling.js';
import './runs.css';

export function RunDetailPage({ id }: { id: string }): React.JSX.Element {
  const [run, setRun] = useState<Run | null>(null);
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [workflow, setWorkflow] = useState<WorkflowVersion | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [workflowError, setWorkflowError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const path = `/api/v1/runs/${encodeURIComponent(id)}`;
  const live = run === null || !ENDED.has(run.status);

  usePolling(
    async (signal) => {
      try {
        const [r, e] = await Promise.all([api<Run>(path, { signal }), api<{ items: RunEvent[] }>(`${path}/events`, { signal })]);
        setRun(r);
        setEvents(e.items);
        setNow(Date.now());
        setError(null);
        if (!workflow && !workflowError) {
          const w = `/api/v1/workflows/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}/versions/${encodeURIComponent(r.version)}`;
          await api<WorkflowVersion>(w, { signal }).then(setWorkflow, (err: unknown) => signal.aborted || setWorkflowError(err));
        }
      } catch (e) {
        if (!signal.aborted) setError(e);
      }
    },
    1000,
    live,
    [path],
  );

  const graph = useMemo(() => (workflow ? toGraph(workflow.definition) : null), [workflow]);
  const kinds = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n.kind as string | undefined])), [graph]);
  const states = useMemo(() => taskStates(events, { status: run?.status ?? 'running', ...(run?.endedAt ? { endedAt: run.endedAt } : {}) }, (p) => kinds.get(p)), [events, run?.status, run?.endedAt, kinds]);
  const statuses = useMemo(() => statusMap(states), [states]);
  const errors = useMemo(() => errorMap(states), [states]);

  if (!run) {
    return <section className="page">{error ? <ProblemMessage error={error} /> : <p className="muted">Loading run {id}…</p>}</section>;
  }
  const start = Date.parse(run.startedAt);
  const end = run.endedAt ? Date.parse(run.endedAt) : now;
  const node = selected ? graph?.nodes.find((n) => n.id === selected) : undefined;

  return (
    <section className="page run-detail" aria-labelledby="run-title">
      <header className="run-head">
        <h1 id="run-title">
          Run <span className="mono">{run.id}</span>
        </h1>
        <StatusBadge status={run.status} />
        <span>
          of <a href={href('workflows', run.namespace, run.name)}>{run.workflow}</a> {run.version}
        </span>
        <span className="muted">
          started {new Date(run.startedAt).toLocaleString()} · {run.endedAt ? `took ${formatDuration(end - start)}` : `running for ${formatDuration(end - start)}`}
        </span>
        <a href={href('runs')} style={{ marginLeft: 'auto' }}>
          All runs
        </a>
      </header>
      <div className="run-actions">
        <RunControls run={run} onChanged={setRun} />
        {/* A redriven run is live again: the page polls it until it ends once more. */}
        <RedriveButton run={run} onRedriven={setRun} />
      </div>
      <RunRepairs run={run} />
      {error ? <ProblemMessage error={error} /> : null}
      <div className="run-body">
        <div className="run-graph">
          {graph ? (
            <FlowCanvas graph={graph} statuses={statuses} errors={errors} selected={selected} onSelect={(p) => setSelected(p ?? undefined)} readOnly label={`Workflow ${run.workflow} ${run.version}, coloured by task status`} />
          ) : workflowError ? (
            <ProblemMessage error={workflowError} />
          ) : (
            <p className="muted">Loading the workflow…</p>
          )}
        </div>
        <aside className="run-side" aria-label="Details">
          {selected && node?.type === 'task' ? (
            <div className="task-repair">
              <RerunFromTask run={run} pointer={selected} label={node.label} />
            </div>
          ) : null}
          {selected ? <TaskPanel node={node} state={states.get(selected)} onClose={() => setSelected(undefined)} /> : <RunSummary run={run} />}
        </aside>
      </div>
      <section className="run-timeline-wrap" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <RunTimeline states={states} start={start} end={end} selected={selected} onSelect={setSelected} />
      </section>
    </section>
  );
}

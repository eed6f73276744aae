/**
 * The right-hand panel of a run: the selected task's status, attempts with their times, input, output
 * and error — or, with no task selected, the run's own input, output and error.
 */
// A task's or run's error: the DSL's problem shape (title optional), as the contract carries it.
import type { WorkflowErrorView as Problem } from '../../../../src/contracts/index.js';
import type { GraphNode } from '../../model/index.js';
import { formatDuration, jsonText } from './format.js';
import type { Run } from './run-types.js';
import { StatusBadge } from './status-badge.js';
import type { TaskState } from './task-states.js';

function Json({ label, value, testId }: { label: string; value: unknown; testId: string }): React.JSX.Element {
  return (
    <section className="json-block" aria-label={label}>
      <h3>{label}</h3>
      <pre data-testid={testId} tabIndex={0}>
        {jsonText(value)}
      </pre>
    </section>
  );
}

function ProblemBlock({ error, label }: { error: Problem; label: string }): React.JSX.Element {
  return (
    <section className="json-block problem-block" aria-label={label} data-testid="task-error">
      <h3>{label}</h3>
      <p role="alert">
        <strong>{error.title}</strong>
        {error.status ? ` (${error.status})` : ''}
        {error.detail ? `: ${error.detail}` : ''}
      </p>
      <pre tabIndex={0}>{jsonText(error)}</pre>
    </section>
  );
}

export function RunSummary({ run }: { run: Run }): React.JSX.Element {
  return (
    <div className="task-panel" data-testid="run-summary">
      <h2>Run</h2>
      <p className="muted">Select a task in the graph or the timeline to see what it did.</p>
      <Json label="Run input" value={run.input} testId="run-input" />
      {run.output !== undefined ? <Json label="Run output" value={run.output} testId="run-output" /> : null}
      {run.error ? <ProblemBlock error={run.error} label="Run error" /> : null}
    </div>
  );
}

export function TaskPanel({ node, state, onClose }: { node: GraphNode | undefined; state: TaskState | undefined; onClose(): void }): React.JSX.Element {
  const pointer = state?.pointer ?? node?.id ?? '';
  const last = state?.attempts[state.attempts.length - 1];
  return (
    <div className="task-panel" data-testid="task-panel">
      <div className="toolbar">
        <h2>
          {node?.label ?? pointer} {node?.kind ? <span className="muted">({node.kind})</span> : null}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close task details" style={{ marginLeft: 'auto' }}>
          ×
        </button>
      </div>
      <p className="mono muted">{pointer}</p>
      {!state ? (
        <p className="muted">This task has not run.</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={state.status} />
            </dd>
            <dt>Attempts</dt>
            <dd data-testid="task-attempts">
              {state.attempts.length}
              {state.retries ? ` (${state.retries} ${state.retries === 1 ? 'retry' : 'retries'})` : ''}
            </dd>
            <dt>Started</dt>
            <dd>{last ? new Date(state.attempts[0].start).toLocaleTimeString() : '—'}</dd>
            <dt>Took</dt>
            <dd>{last?.end !== undefined ? formatDuration(last.end - state.attempts[0].start) : 'still going'}</dd>
          </dl>
          {state.attempts.length > 1 ? (
            <table className="list attempts" aria-label="Attempts">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Started</th>
                  <th scope="col">Took</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {state.attempts.map((a, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td>{new Date(a.start).toLocaleTimeString()}</td>
                    <td>{a.end !== undefined ? formatDuration(a.end - a.start) : '—'}</td>
                    <td>{a.error ? `${a.status}: ${a.error.title}` : a.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {state.input ? <Json label={`Input (${state.input.from})`} value={state.input.value} testId="task-input" /> : <p className="muted">Input: not recorded for this task (it is not in the run&apos;s events and the data flow does not give it).</p>}
          {state.status === 'completed' ? <Json label="Output" value={state.output} testId="task-output" /> : null}
          {state.error ? <ProblemBlock error={state.error} label={state.status === 'faulted' ? 'Error' : 'Error of an earlier attempt'} /> : null}
        </>
      )}
    </div>
  );
}

/**
 * The runs list's filters: workflow (namespace/name, suggested from the registered workflows), statuses
 * and a creation-time range. Edited as a draft and applied on submit, so that typing a workflow name does
 * not fire a request per key.
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { NO_FILTER, type RunFilter } from './run-filter.js';
import { STATUS_FILTER_ORDER, type RunStatus } from './run-types.js';

export function RunFilters({ value, onApply }: { value: RunFilter; onApply(f: RunFilter): void }): React.JSX.Element {
  const [draft, setDraft] = useState(value);
  const [workflows, setWorkflows] = useState<string[]>([]);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    const ctl = new AbortController();
    // Suggestions only: without them the field still takes any namespace/name.
    api<{ items: { namespace: string; name: string }[] }>('/api/v1/workflows', { signal: ctl.signal }).then(
      (r) => setWorkflows(r.items.map((w) => `${w.namespace}/${w.name}`)),
      () => {},
    );
    return () => ctl.abort();
  }, []);
  const workflowValid = draft.workflow.trim() === '' || /^[^/]+\/[^/]+$/.test(draft.workflow.trim());
  const toggle = (s: RunStatus, on: boolean) => setDraft((d) => ({ ...d, statuses: on ? [...d.statuses, s] : d.statuses.filter((x) => x !== s) }));

  return (
    <form
      className="run-filters"
      aria-label="Filter runs"
      onSubmit={(e) => {
        e.preventDefault();
        if (workflowValid) onApply(draft);
      }}
    >
      <div className="field">
        <label htmlFor="runs-workflow">Workflow</label>
        <input id="runs-workflow" list="runs-workflow-options" value={draft.workflow} placeholder="namespace/name" aria-invalid={!workflowValid} aria-describedby="runs-workflow-error" onChange={(e) => setDraft({ ...draft, workflow: e.target.value })} />
        <datalist id="runs-workflow-options">
          {workflows.map((w) => (
            <option key={w} value={w} />
          ))}
        </datalist>
        <span id="runs-workflow-error" className="error" hidden={workflowValid}>
          namespace/name
        </span>
      </div>
      <fieldset className="run-statuses">
        <legend>Status</legend>
        {STATUS_FILTER_ORDER.map((s) => (
          <label key={s}>
            <input type="checkbox" checked={draft.statuses.includes(s)} onChange={(e) => toggle(s, e.target.checked)} /> {s}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="runs-from">Started from</label>
        <input id="runs-from" type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="runs-to">until</label>
        <input id="runs-to" type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </div>
      <div className="run-filter-actions">
        <button type="submit" className="primary" disabled={!workflowValid}>
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

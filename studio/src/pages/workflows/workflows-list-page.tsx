/** The workflows list: every workflow's highest version, filtered by a search box, and a "New" form. */
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { href, navigate } from '../../app/router.js';
import { onListKeyDown } from '../../components/list-keys.js';
import { ProblemMessage } from '../../components/problem-message.js';
import type { WorkflowView } from '../../../../src/contracts/index.js';

/** Each workflow's highest version, as `GET /api/v1/workflows` lists it. */
type WorkflowSummary = WorkflowView;

export function WorkflowsListPage(): React.JSX.Element {
  const [items, setItems] = useState<WorkflowSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    const ctl = new AbortController();
    api<{ items: WorkflowSummary[] }>('/api/v1/workflows', { signal: ctl.signal }).then(
      (r) => setItems(r.items),
      (e: unknown) => ctl.signal.aborted || setError(e),
    );
    return () => ctl.abort();
  }, []);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = items ?? [];
    return q ? all.filter((w) => `${w.namespace}/${w.name} ${w.description ?? ''}`.toLowerCase().includes(q)) : all;
  }, [items, query]);

  return (
    <section className="page" aria-labelledby="workflows-title">
      <h1 id="workflows-title">Workflows</h1>
      <div className="toolbar">
        <label htmlFor="workflow-search">Search</label>
        <input id="workflow-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="namespace/name or description" />
        <NewWorkflowForm />
      </div>
      {error ? <ProblemMessage error={error} /> : null}
      {items === null && !error ? <p className="muted">Loading…</p> : null}
      {items !== null ? (
        <table className="list" aria-label="Workflows">
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">Latest version</th>
              <th scope="col">Description</th>
              <th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody onKeyDown={onListKeyDown}>
            {shown.map((w) => (
              <tr key={`${w.namespace}/${w.name}`}>
                <td>
                  <a href={href('workflows', w.namespace, w.name)}>
                    {w.namespace}/{w.name}
                  </a>
                </td>
                <td>{w.version}</td>
                <td>{w.description ?? ''}</td>
                <td>{new Date(w.createdAt).toLocaleString()}</td>
              </tr>
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  {items.length === 0 ? 'No workflows yet: create one.' : 'No workflow matches the search.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Opens the designer on a workflow that does not exist yet; it is registered by its first save. */
function NewWorkflowForm(): React.JSX.Element {
  const [namespace, setNamespace] = useState('default');
  const [name, setName] = useState('');
  const valid = /^[a-z0-9-]+$/.test(namespace) && /^[a-z0-9-]+$/.test(name);
  return (
    <form
      className="toolbar"
      style={{ marginLeft: 'auto', marginBottom: 0 }}
      aria-label="New workflow"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) navigate('workflows', namespace, name);
      }}
    >
      <label htmlFor="new-namespace">Namespace</label>
      <input id="new-namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)} size={10} />
      <label htmlFor="new-name">Name</label>
      <input id="new-name" value={name} onChange={(e) => setName(e.target.value)} size={14} placeholder="my-flow" aria-describedby="new-name-hint" />
      <span id="new-name-hint" className="muted" hidden={valid || name === ''}>
        lower-case letters, digits and dashes
      </span>
      <button type="submit" className="primary" disabled={!valid}>
        New workflow
      </button>
    </form>
  );
}

/** Every deployed function with its latest version and aliases, and a form to start a new one. */
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { href, navigate } from '../../app/router.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { type FunctionSummary, NAME_PATTERN } from './function-types.js';
import './functions.css';

export function FunctionsListPage(): React.JSX.Element {
  const [items, setItems] = useState<FunctionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    const ctl = new AbortController();
    api<{ items: FunctionSummary[] }>('/api/v1/functions', { signal: ctl.signal }).then(
      (r) => setItems(r.items),
      (e: unknown) => ctl.signal.aborted || setError(e),
    );
    return () => ctl.abort();
  }, []);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (items ?? []).filter((f) => !q || `${f.name} ${f.description}`.toLowerCase().includes(q));
  }, [items, query]);

  return (
    <section className="page" aria-labelledby="functions-title">
      <h1 id="functions-title">Functions</h1>
      <div className="toolbar">
        <label htmlFor="function-search">Search</label>
        <input id="function-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name or description" />
        <NewFunctionForm />
      </div>
      {error ? <ProblemMessage error={error} /> : null}
      {items === null && !error ? <p className="muted">Loading…</p> : null}
      {items !== null ? (
        <table className="list" aria-label="Functions">
          <thead>
            <tr>
              <th scope="col">Function</th>
              <th scope="col">Latest</th>
              <th scope="col">Versions</th>
              <th scope="col">Aliases</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr key={f.name} data-testid={`function-${f.name}`}>
                <td>
                  <a href={href('functions', f.name)}>{f.name}</a>
                </td>
                <td>{f.latest}</td>
                <td>{f.versions.length}</td>
                <td>{f.aliases.map((a) => `${a.alias} → ${a.routes.map((r) => (a.routes.length > 1 ? `${r.version} ${r.weight}%` : r.version)).join(' / ')}`).join('; ') || '—'}</td>
                <td>{f.description}</td>
              </tr>
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  {items.length === 0 ? 'No functions yet: create one.' : 'No function matches the search.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Opens the editor on a function that does not exist yet; its first deploy creates it. */
function NewFunctionForm(): React.JSX.Element {
  const [name, setName] = useState('');
  const valid = NAME_PATTERN.test(name);
  return (
    <form
      className="toolbar"
      style={{ marginLeft: 'auto', marginBottom: 0 }}
      aria-label="New function"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) navigate('functions', name);
      }}
    >
      <label htmlFor="new-function-name">Name</label>
      <input id="new-function-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="my-function" aria-invalid={name !== '' && !valid ? true : undefined} aria-describedby="new-function-hint" />
      <span id="new-function-hint" className="muted" hidden={valid || name === ''}>
        lower-case letters, digits and dashes, starting with a letter
      </span>
      <button type="submit" className="primary" disabled={!valid}>
        New function
      </button>
    </form>
  );
}

/**
 * The runs list: filters, newest first, cursor pages, refreshed every second while "Live" is on (new
 * runs appear, running ones change status) — the page being looked at is re-read with the same cursor.
 */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { NO_FILTER, type RunFilter, filterQuery } from './run-filter.js';
import { RunFilters } from './run-filters.js';
import type { RunPage } from './run-types.js';
import { RunsTable } from './runs-table.js';
import { usePolling } from './use-polling.js';
import './runs.css';

const PAGE_SIZE = 25;

export function RunsListPage(): React.JSX.Element {
  const [filter, setFilter] = useState<RunFilter>(NO_FILTER);
  // cursors[i] opens page i; page 0 needs none.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<RunPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(true);
  const [now, setNow] = useState(() => Date.now());
  const cursor = cursors[cursors.length - 1];

  usePolling(
    async (signal) => {
      const q = filterQuery(filter);
      q.set('limit', String(PAGE_SIZE));
      if (cursor) q.set('cursor', cursor);
      try {
        const r = await api<RunPage>(`/api/v1/runs?${q}`, { signal });
        setPage(r);
        setError(null);
        setNow(Date.now());
      } catch (e) {
        if (!signal.aborted) setError(e);
      }
    },
    1000,
    live,
    [filter, cursor],
  );

  return (
    <section className="page runs-page" aria-labelledby="runs-title">
      <div className="toolbar">
        <h1 id="runs-title">Runs</h1>
        <label className="live-toggle">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live (refresh every second)
        </label>
      </div>
      <RunFilters
        value={filter}
        onApply={(f) => {
          setFilter(f);
          setCursors([undefined]);
        }}
      />
      {error ? <ProblemMessage error={error} /> : null}
      {page === null && !error ? <p className="muted">Loading…</p> : null}
      {page ? <RunsTable runs={page.items} now={now} /> : null}
      <nav className="toolbar pager" aria-label="Pages of runs">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ← Newer
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button type="button" disabled={!page?.next} onClick={() => page?.next && setCursors((c) => [...c, page.next])}>
          Older →
        </button>
      </nav>
    </section>
  );
}

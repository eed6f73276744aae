/**
 * The runs table. Keyboard: each row's run link is a tab stop; ArrowUp/ArrowDown (and Home/End) move
 * between rows without tabbing through every cell, Enter opens the run (a plain link).
 */
import { useRef } from 'react';
import { href } from '../../app/router.js';
import { formatDuration } from './format.js';
import type { Run } from './run-types.js';
import { StatusBadge } from './status-badge.js';

const MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowDown: (i, n) => Math.min(n - 1, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_, n) => n - 1,
};

export function RunsTable({ runs, now }: { runs: Run[]; now: number }): React.JSX.Element {
  const body = useRef<HTMLTableSectionElement>(null);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const move = MOVES[e.key];
    if (!move || !body.current) return;
    const links = [...body.current.querySelectorAll<HTMLAnchorElement>('a.run-link')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0 || links.length === 0) return;
    e.preventDefault();
    links[move(at, links.length)].focus();
  };
  return (
    <table className="list runs-table" aria-label="Runs" aria-describedby="runs-keys">
      <caption id="runs-keys" className="muted">
        Newest first. ↑/↓ move between runs, Enter opens one.
      </caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Workflow</th>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody ref={body} onKeyDown={onKeyDown}>
        {runs.map((r) => {
          const end = r.endedAt ? Date.parse(r.endedAt) : now;
          return (
            <tr key={r.id} data-testid={`run-${r.id}`} data-run-status={r.status}>
              <td>
                <a className="run-link mono" href={href('runs', r.id)} aria-label={`Run ${r.id} of ${r.workflow}, ${r.status}`}>
                  {r.id}
                </a>
              </td>
              <td>
                <a href={href('workflows', r.namespace, r.name)} tabIndex={-1}>
                  {r.workflow}
                </a>
              </td>
              <td>{r.version}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>{new Date(r.startedAt).toLocaleString()}</td>
              <td>{formatDuration(Math.max(0, end - Date.parse(r.startedAt)))}</td>
            </tr>
          );
        })}
        {runs.length === 0 ? (
          <tr>
            <td colSpan={6} className="muted">
              No runs match.
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

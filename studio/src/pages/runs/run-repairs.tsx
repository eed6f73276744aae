/** What a run shows of its repairs: the run it was rerun from (a link), and each redrive — when, by whom, version, patched. */
import { href } from '../../app/router.js';
import type { Run } from './run-types.js';

export function RunRepairs({ run }: { run: Run }): React.JSX.Element | null {
  const redrives = run.redrives ?? [];
  if (!run.origin && !redrives.length) return null;
  return (
    <section className="run-repairs" aria-label="Repairs" data-testid="run-repairs">
      {run.origin ? (
        <p data-testid="run-origin">
          Rerun of <a href={href('runs', run.origin.run)}>run <span className="mono">{run.origin.run}</span></a> from <span className="mono">{run.origin.from}</span>
        </p>
      ) : null}
      {redrives.length ? (
        <table className="list redrives" aria-label="Redrives" data-testid="run-redrives">
          <caption>Redriven {redrives.length === 1 ? 'once' : `${redrives.length} times`}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Version</th>
              <th scope="col">Input</th>
            </tr>
          </thead>
          <tbody>
            {redrives.map((r, i) => (
              <tr key={i}>
                <td>{new Date(r.at).toLocaleString()}</td>
                <td>{r.by ?? '—'}</td>
                <td>{r.version ?? <span className="muted">same ({run.version} now)</span>}</td>
                <td>{r.patched ? 'patched' : <span className="muted">unchanged</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * What a test run shows: the output (or the problem), then the invocation's record — version, duration,
 * queue wait, cold or warm start, log lines. A draft run (the editor's code, not deployed) is labelled as
 * one at the top, so that its output is never mistaken for a deployed version's.
 */
import { ProblemMessage } from '../../components/problem-message.js';
import type { Invocation } from './function-types.js';

/** Milliseconds to one decimal: invocations of small functions take a few ms. */
const ms = (n: number) => `${Math.round(n * 10) / 10} ms`;

export interface TestRunResult {
  output?: unknown;
  error?: unknown;
  invocation?: Invocation;
  /** The editor's code ran as a draft (never stored), not a deployed version. */
  draft: boolean;
  /** Round trip as the browser measured it, for when the record is missing. */
  roundTripMs: number;
}

export function TestResult({ result }: { result: TestRunResult }): React.JSX.Element {
  const inv = result.invocation;
  return (
    <div className={result.draft ? 'test-result is-draft' : 'test-result'} data-testid="test-result" aria-live="polite">
      {result.draft ? (
        <p className="draft-label" data-testid="test-draft-label">
          <strong>Draft run — not deployed.</strong> The code in the editor ran once; no version was stored and no alias moved.
        </p>
      ) : null}
      {result.error ? <ProblemMessage error={result.error} /> : null}
      {result.error === undefined ? (
        <>
          <h3>Output</h3>
          <pre className="mono" data-testid="test-output" tabIndex={0}>
            {JSON.stringify(result.output, null, 2) ?? 'null'}
          </pre>
        </>
      ) : null}
      {!inv ? <p className="muted">{result.draft ? 'The draft did not run: nothing to record.' : 'No invocation record: the function did not run (or its record could not be read).'}</p> : null}
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="test-version">{result.draft ? `draft${inv ? ` of ${inv.version}` : ''} (not deployed)` : (inv?.version ?? '—')}</dd>
        <dt>Duration</dt>
        <dd data-testid="test-duration">{inv ? ms(inv.durationMs) : `${ms(result.roundTripMs)} (round trip)`}</dd>
        <dt>Queue wait</dt>
        <dd>{inv ? ms(inv.queueMs) : '—'}</dd>
        <dt>Start</dt>
        <dd data-testid="test-start">{inv ? (inv.cold ? 'cold' : 'warm') : '—'}</dd>
      </dl>
      <h3>Logs</h3>
      {inv && inv.logs.length > 0 ? (
        <ol className="log-lines mono" data-testid="test-logs">
          {inv.logs.map((l, i) => (
            <li key={i} className={`log-${l.level}`}>
              <span className="log-level">{l.level}</span> {l.message}
              {l.fields !== undefined ? ` ${JSON.stringify(l.fields)}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No log lines.</p>
      )}
    </div>
  );
}

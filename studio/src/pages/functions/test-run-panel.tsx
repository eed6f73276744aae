/**
 * Test run: invoke the function with a JSON input (a version, an alias or the default route) and show
 * the output, then the invocation's record from the logs endpoint: duration, queue wait, cold or warm
 * start and the log lines. A failed invocation shows the problem and still its record and logs.
 */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { ProblemMessage } from '../../components/problem-message.js';
import type { FunctionDetail, Invocation } from './function-types.js';

/** Milliseconds to one decimal: invocations of small functions take a few ms. */
const ms = (n: number) => `${Math.round(n * 10) / 10} ms`;

interface Result {
  output?: unknown;
  error?: unknown;
  invocation?: Invocation;
  /** Round trip as the browser measured it, for when the record is missing. */
  roundTripMs: number;
}

export function TestRunPanel({ fn }: { fn: FunctionDetail }): React.JSX.Element {
  const [input, setInput] = useState('{}');
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  let parseError = '';
  try {
    JSON.parse(input);
  } catch (e) {
    parseError = (e as Error).message;
  }
  const base = `/api/v1/functions/${encodeURIComponent(fn.name)}`;

  const newest = async (): Promise<Invocation | undefined> => {
    try {
      return (await api<{ items: Invocation[] }>(`${base}/logs?limit=1`)).items[0];
    } catch {
      // The output is what matters; the record is a bonus.
      return undefined;
    }
  };

  const run = async () => {
    setBusy(true);
    // The record of this invocation is the newest one after it, if that is not the newest one before
    // it: an input refused before the function ran (schema validation) leaves no record.
    const before = await newest();
    const started = performance.now();
    const r: Result = { roundTripMs: 0 };
    try {
      r.output = await api(`${base}/invoke${ref ? `?ref=${encodeURIComponent(ref)}` : ''}`, { method: 'POST', body: JSON.parse(input) as unknown });
    } catch (e) {
      r.error = e;
    }
    r.roundTripMs = performance.now() - started;
    const after = await newest();
    if (after && after.id !== before?.id) r.invocation = after;
    setResult(r);
    setBusy(false);
  };

  return (
    <section className="fn-panel test-run" aria-labelledby="test-run-title">
      <h2 id="test-run-title">Test run</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!parseError) void run();
        }}
      >
        <div className="field">
          <label htmlFor="test-input">Input (JSON)</label>
          <textarea id="test-input" className="mono" rows={5} spellCheck={false} value={input} onChange={(e) => setInput(e.target.value)} aria-invalid={parseError ? true : undefined} aria-describedby={parseError ? 'test-input-error' : undefined} />
          {parseError ? (
            <span id="test-input-error" className="error">
              not JSON: {parseError}
            </span>
          ) : null}
        </div>
        <div className="toolbar">
          <label htmlFor="test-ref">Call</label>
          <select id="test-ref" value={ref} onChange={(e) => setRef(e.target.value)}>
            <option value="">default (live alias, else newest)</option>
            {fn.versions.map((v) => (
              <option key={`v-${v}`} value={v}>
                version {v}
              </option>
            ))}
            {fn.aliases.map((a) => (
              <option key={`a-${a.alias}`} value={a.alias}>
                alias {a.alias}
              </option>
            ))}
          </select>
          <button type="submit" className="primary" disabled={busy || !!parseError}>
            {busy ? 'Running…' : 'Run'}
          </button>
        </div>
      </form>
      {result ? <TestResult result={result} /> : null}
    </section>
  );
}

function TestResult({ result }: { result: Result }): React.JSX.Element {
  const inv = result.invocation;
  return (
    <div className="test-result" data-testid="test-result" aria-live="polite">
      {result.error ? <ProblemMessage error={result.error} /> : null}
      {result.error === undefined ? (
        <>
          <h3>Output</h3>
          <pre className="mono" data-testid="test-output" tabIndex={0}>
            {JSON.stringify(result.output, null, 2) ?? 'null'}
          </pre>
        </>
      ) : null}
      {!inv ? <p className="muted">No invocation record: the function did not run (or its record could not be read).</p> : null}
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="test-version">{inv?.version ?? '—'}</dd>
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

/**
 * Test run: call the function with a JSON input and show the output, the record and the logs
 * (test-result.tsx). Two kinds of call:
 * - the edited code, as a draft: the editor's files and the manifest form are sent with the input to
 *   `POST …/draft-invocations`, which packages and runs them once without deploying anything; the answer
 *   holds the record. The only choice for a function not deployed yet, and the default while the editor
 *   holds unsaved edits.
 * - a deployed version, an alias or the default route: `POST …/invoke`, then the record from the logs
 *   endpoint (`GET …/logs?limit=1` before and after: a new newest record is this call's; an input refused
 *   before the function ran leaves none).
 */
import { useState } from 'react';
import { ApiProblem, api } from '../../api/client.js';
import type { DraftRun, DraftSource, FunctionDetail, Invocation } from './function-types.js';
import { TestResult, type TestRunResult } from './test-result.js';

/** The "Call" choice for the edited code: not a version or an alias name (neither may contain ':'). */
const DRAFT = ':draft';

export interface TestRunPanelProps {
  name: string;
  /** The deployed function; null when it is not deployed yet (then only a draft can run). */
  fn: FunctionDetail | null;
  /** The editor holds code (a draft can run). */
  hasCode: boolean;
  /** The editor's code differs from the version it was opened from (or last deployed). */
  edited: boolean;
  /** The editor's code and the manifest form as a deploy body; null when the form has errors (it shows them). */
  draftSource(): DraftSource | null;
}

export function TestRunPanel({ name, fn, hasCode, edited, draftSource }: TestRunPanelProps): React.JSX.Element {
  const [input, setInput] = useState('{}');
  // null: not chosen yet, so the default follows the editor (the draft while there are unsaved edits).
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestRunResult | null>(null);
  let parseError = '';
  try {
    JSON.parse(input);
  } catch (e) {
    parseError = (e as Error).message;
  }
  const base = `/api/v1/functions/${encodeURIComponent(name)}`;
  const auto = hasCode && (edited || !fn) ? DRAFT : '';
  const ref = choice === DRAFT && !hasCode ? auto : (choice ?? auto);
  const canRun = ref === DRAFT ? hasCode : fn !== null;

  const newest = async (): Promise<Invocation | undefined> => {
    try {
      return (await api<{ items: Invocation[] }>(`${base}/logs?limit=1`)).items[0];
    } catch {
      // The output is what matters; the record is a bonus.
      return undefined;
    }
  };

  const runDeployed = async (): Promise<TestRunResult> => {
    // The record of this invocation is the newest one after it, if that is not the newest one before
    // it: an input refused before the function ran (schema validation) leaves no record.
    const before = await newest();
    const started = performance.now();
    const r: TestRunResult = { draft: false, roundTripMs: 0 };
    try {
      r.output = await api(`${base}/invoke${ref ? `?ref=${encodeURIComponent(ref)}` : ''}`, { method: 'POST', body: JSON.parse(input) as unknown });
    } catch (e) {
      r.error = e;
    }
    r.roundTripMs = performance.now() - started;
    const after = await newest();
    if (after && after.id !== before?.id) r.invocation = after;
    return r;
  };

  const runDraft = async (source: DraftSource): Promise<TestRunResult> => {
    const started = performance.now();
    const r: TestRunResult = { draft: true, roundTripMs: 0 };
    try {
      const answer = await api<DraftRun>(`${base}/draft-invocations`, { method: 'POST', body: { ...source, input: JSON.parse(input) as unknown } });
      r.output = answer.output;
      r.invocation = answer.invocation;
    } catch (e) {
      r.error = e;
      // A draft that ran and failed carries its record (and logs) in the problem.
      if (e instanceof ApiProblem && e.problem.invocation) r.invocation = e.problem.invocation as Invocation;
    }
    r.roundTripMs = performance.now() - started;
    return r;
  };

  const run = async () => {
    let source: DraftSource | null = null;
    if (ref === DRAFT) {
      source = draftSource();
      if (!source) {
        setResult({ draft: true, roundTripMs: 0, error: new Error('The manifest form has errors: fix them to run the edited code.') });
        return;
      }
    }
    setBusy(true);
    setResult(source ? await runDraft(source) : await runDeployed());
    setBusy(false);
  };

  return (
    <section className="fn-panel test-run" aria-labelledby="test-run-title">
      <h2 id="test-run-title">Test run</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!parseError && canRun) void run();
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
          <select id="test-ref" value={ref} onChange={(e) => setChoice(e.target.value)}>
            <option value={DRAFT} disabled={!hasCode}>
              edited code (draft, not deployed)
            </option>
            {fn ? (
              <>
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
              </>
            ) : null}
          </select>
          <button type="submit" className="primary" disabled={busy || !!parseError || !canRun}>
            {busy ? 'Running…' : ref === DRAFT ? 'Run draft' : 'Run'}
          </button>
        </div>
        {ref === DRAFT ? (
          <p className="muted draft-hint">
            Runs the code in the editor{edited ? ' (unsaved edits)' : ''} with the manifest form once, without deploying it.
          </p>
        ) : null}
      </form>
      {result ? <TestResult result={result} /> : null}
    </section>
  );
}

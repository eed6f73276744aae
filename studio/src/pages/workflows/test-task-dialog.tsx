/**
 * "Test this task": runs the selected task of the saved version in isolation (POST …/test-task) with an
 * input, `$context` and mocked effect results; nothing is stored as a run. On open, a first test without
 * mocks shows which effects the task performs: the mocks start as a skeleton of those (task-test-mocks.ts).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { TestTaskView } from '../../../../src/contracts/index.js';
import { api } from '../../api/client.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { mockSkeleton } from './task-test-mocks.js';

export interface TestTaskDialogProps {
  namespace: string;
  name: string;
  version: string;
  pointer: string;
  onClose(): void;
}

const mono = { fontFamily: 'ui-monospace, monospace' } as const;
const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** Parses one JSON field; a mistake names the field. */
function parseField(label: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${label} is not JSON: ${(err as Error).message}`, { cause: err });
  }
}

export function TestTaskDialog({ namespace, name, version, pointer, onClose }: TestTaskDialogProps): React.JSX.Element {
  const id = useId();
  const [input, setInput] = useState('{}');
  const [context, setContext] = useState('null');
  const [mocks, setMocks] = useState('{}');
  const [answer, setAnswer] = useState<TestTaskView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const test = useCallback(
    async (body: { input: unknown; context: unknown; mocks: Record<string, unknown> }): Promise<TestTaskView | null> => {
      setBusy(true);
      setError(null);
      try {
        const path = `/api/v1/workflows/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/test-task?version=${encodeURIComponent(version)}`;
        const a = await api<TestTaskView>(path, { method: 'POST', body: { task: pointer, ...body } });
        setAnswer(a);
        return a;
      } catch (err) {
        setError(err);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [namespace, name, version, pointer],
  );

  // The first test, without mocks, tells which effects to mock.
  useEffect(() => {
    void test({ input: {}, context: null, mocks: {} }).then((a) => {
      if (a && a.effects.some((e) => e.pending)) setMocks(pretty(mockSkeleton(a.effects)));
    });
  }, [test]);

  const submit = () => {
    try {
      const m = parseField('Mocks', mocks);
      if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new Error('Mocks must be a JSON object: {"<task pointer>": <result>}');
      void test({ input: parseField('Input', input), context: parseField('Context', context), mocks: m as Record<string, unknown> });
    } catch (err) {
      setError(err);
    }
  };

  const addPending = () => {
    if (!answer) return;
    try {
      setMocks(pretty(mockSkeleton(answer.effects, parseField('Mocks', mocks) as Record<string, unknown>)));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="dialog"
        style={{ width: 640 }}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id={`${id}-title`}>
          Test {pointer} <span className="muted">({namespace}/{name} {version})</span>
        </h2>
        <p className="muted">Runs only this task, with mocked effects. Nothing is stored as a run.</p>
        <div className="field">
          <label htmlFor={`${id}-input`}>Input (JSON)</label>
          <textarea id={`${id}-input`} rows={4} value={input} onChange={(e) => setInput(e.target.value)} style={mono} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-context`}>Context (JSON, $context)</label>
          <textarea id={`${id}-context`} rows={2} value={context} onChange={(e) => setContext(e.target.value)} style={mono} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-mocks`}>Mocks (JSON: effect results by task pointer)</label>
          <textarea id={`${id}-mocks`} rows={6} value={mocks} onChange={(e) => setMocks(e.target.value)} style={mono} />
          <span className="hint">HTTP: {'{"status": 200, "body": …}'} or a body; a failure: {'{"error": {"status": 502, "detail": "…"}}'}; several calls: {'{"each": [...]}'}</span>
        </div>
        {error ? error instanceof Error && error.name !== 'ApiProblem' ? <div className="problem" role="alert">{error.message}</div> : <ProblemMessage error={error} /> : null}
        {answer ? <TestAnswer answer={answer} onAddPending={addPending} /> : null}
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Testing…' : 'Test'}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </div>
  );
}

function TestAnswer({ answer, onAddPending }: { answer: TestTaskView; onAddPending(): void }): React.JSX.Element {
  const pending = answer.effects.some((e) => e.pending);
  return (
    <section aria-label="Test result" data-testid="test-task-answer" data-outcome={answer.status}>
      <p className={answer.status === 'completed' ? 'notice' : answer.status === 'faulted' ? 'problem' : 'muted'} data-testid="test-task-status">
        {answer.status === 'pending' ? 'Stopped at an effect without a mock.' : `Task ${answer.status}.`}
        {pending ? (
          <button type="button" style={{ marginLeft: 8 }} onClick={onAddPending}>
            Mock pending effects
          </button>
        ) : null}
      </p>
      {answer.status === 'completed' ? (
        <>
          <h3>Output</h3>
          <pre data-testid="test-task-output">{pretty(answer.output)}</pre>
          <h3>Context</h3>
          <pre>{pretty(answer.context ?? null)}</pre>
        </>
      ) : null}
      {answer.error ? <pre data-testid="test-task-error">{pretty(answer.error)}</pre> : null}
      <h3>Effects</h3>
      {answer.effects.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="list" data-testid="test-task-effects" style={{ fontSize: 12 }}>
          <thead>
            <tr>
              <th>kind</th>
              <th>task</th>
              <th>request</th>
              <th>answered</th>
            </tr>
          </thead>
          <tbody>
            {answer.effects.map((e) => (
              <tr key={e.key}>
                <td>{e.kind}</td>
                <td>{e.pointer}</td>
                <td>
                  <pre style={{ margin: 0 }}>{pretty(e.request)}</pre>
                </td>
                <td>{e.pending ? 'pending (no mock)' : e.real ? 'real' : 'mocked'}{e.error ? `: error ${e.error.status}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * "Redrive…" on a faulted or cancelled run: a dialog with an optional JSON merge patch of the run's input,
 * the fields it changes (before → after) as the server will apply it, and a confirmation. The same run goes
 * on from the task that failed (docs/repair.md); the page keeps polling it while it runs again.
 */
import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { jsonText } from './format.js';
import { inputChanges, mergePatch, parsePatch } from './input-patch.js';
import type { Run } from './run-types.js';

export function RedriveButton({ run, onRedriven }: { run: Run; onRedriven(run: Run): void }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const parsed = useMemo(() => parsePatch(text), [text]);
  const changes = useMemo(() => (parsed.ok && parsed.patch ? inputChanges(run.input, mergePatch(run.input, parsed.patch)) : []), [parsed, run.input]);
  const repairable = run.status === 'faulted' || run.status === 'cancelled';
  const close = () => {
    setOpen(false);
    setError(null);
  };

  const redrive = async () => {
    if (!parsed.ok) return;
    setBusy(true);
    setError(null);
    try {
      const after = await api<Run>(`/api/v1/runs/${encodeURIComponent(run.id)}/redrive`, { method: 'POST', body: parsed.patch ? { patch: parsed.patch } : {} });
      setOpen(false);
      setText('');
      onRedriven(after);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" disabled={!repairable} title={repairable ? 'Go on from the task that failed' : 'Only a faulted or cancelled run can be redriven'} onClick={() => setOpen(true)}>
        Redrive…
      </button>
      {open ? (
        <ConfirmDialog
          className="redrive-dialog"
          title={`Redrive run ${run.id}?`}
          text={`The run goes on from the task that ${run.status === 'cancelled' ? 'was in progress' : 'failed'}, under the same id. Completed tasks keep their outcomes and are not performed again.`}
          problem={error ? <ProblemMessage error={error} /> : null}
          confirm={{ label: parsed.ok && parsed.patch ? 'Redrive with this input' : 'Redrive', busyLabel: 'Redriving…', className: 'primary', disabled: !parsed.ok }}
          busy={busy}
          onConfirm={() => void redrive()}
          onClose={close}
        >
          <label className="field">
            <span>Input patch (optional JSON merge patch; null removes a field)</span>
            <textarea className="mono" rows={4} value={text} placeholder='{"amount": 10}' aria-invalid={!parsed.ok} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="redrive-patch" />
          </label>
          {!parsed.ok ? (
            <p className="error" role="alert">
              {parsed.message}
            </p>
          ) : parsed.patch ? (
            changes.length ? (
              <table className="list patch-diff" aria-label="Input changes" data-testid="patch-diff">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.path} className={`change-${c.kind}`}>
                      <td className="mono">{c.path}</td>
                      <td className="mono">{c.kind === 'added' ? <em>(none)</em> : jsonText(c.before)}</td>
                      <td className="mono">{c.kind === 'removed' ? <em>(removed)</em> : jsonText(c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">The patch changes nothing in the input.</p>
            )
          ) : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

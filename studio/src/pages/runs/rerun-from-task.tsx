/**
 * "Rerun from here" on a task of an ended run: a new run that copies the outcomes of the tasks before this
 * one and runs from it (docs/repair.md). Confirmed first — it performs this task and the ones after it
 * again — then the studio goes to the new run, which links back to this one.
 */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { navigate } from '../../app/router.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { ENDED, type Run } from './run-types.js';

export function RerunFromTask({ run, pointer, label }: { run: Run; pointer: string; label: string }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ended = ENDED.has(run.status);
  const close = () => {
    setOpen(false);
    setError(null);
  };

  const rerun = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await api<Run>(`/api/v1/runs/${encodeURIComponent(run.id)}/rerun`, { method: 'POST', body: { from: pointer } });
      setOpen(false);
      navigate('runs', created.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" disabled={!ended} title={ended ? 'A new run from this task' : 'Only an ended run can be rerun (cancel it first)'} onClick={() => setOpen(true)}>
        Rerun from here…
      </button>
      {open ? (
        <ConfirmDialog
          title={`Rerun from ${label}?`}
          text={
            <>
              A new run of {run.workflow} {run.version} starts at <span className="mono">{pointer}</span> with the same input. The tasks before it are not performed again (their outcomes are copied); this
              task and everything after it are. This run stays as it ended.
            </>
          }
          problem={error ? <ProblemMessage error={error} /> : null}
          confirm={{ label: 'Start the new run', busyLabel: 'Starting…', className: 'primary' }}
          busy={busy}
          onConfirm={() => void rerun()}
          onClose={close}
        />
      ) : null}
    </>
  );
}

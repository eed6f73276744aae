/**
 * Cancel, suspend and resume a run. Which buttons are enabled follows the run's status, but the server
 * decides: a 409 (the run moved on meanwhile, e.g. it completed) is shown as a message, not hidden.
 */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { ENDED, type Run } from './run-types.js';

type Action = 'cancel' | 'suspend' | 'resume';

export function RunControls({ run, onChanged }: { run: Run; onChanged(run: Run): void }): React.JSX.Element {
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ended = ENDED.has(run.status);
  const act = async (action: Action) => {
    setBusy(action);
    setError(null);
    try {
      onChanged(await api<Run>(`/api/v1/runs/${encodeURIComponent(run.id)}/${action}`, { method: 'POST', ...(action === 'cancel' ? { body: { reason: 'cancelled from the studio' } } : {}) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="run-controls">
      <div className="toolbar" role="group" aria-label="Run controls">
        <button type="button" className="danger" disabled={ended || busy !== null} onClick={() => void act('cancel')}>
          {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
        </button>
        <button type="button" disabled={ended || run.status === 'suspended' || busy !== null} onClick={() => void act('suspend')}>
          {busy === 'suspend' ? 'Suspending…' : 'Suspend'}
        </button>
        <button type="button" disabled={run.status !== 'suspended' || busy !== null} onClick={() => void act('resume')}>
          {busy === 'resume' ? 'Resuming…' : 'Resume'}
        </button>
      </div>
      {error ? <ProblemMessage error={error} /> : null}
    </div>
  );
}

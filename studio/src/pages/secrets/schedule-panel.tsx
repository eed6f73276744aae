/**
 * "Rotate on a schedule": a scheduler node rotates the secret with a deployed function every period, the
 * first time one period from when it is saved (`PUT …/rotation` with `{everySeconds, function}`); "Stop
 * schedule" removes it (`DELETE …/rotation`). Both answer with the secret's metadata. The period is typed
 * as the CLI's `--every` takes it (rotation-schedule.ts).
 */
import { useId, useState } from 'react';
import { api } from '../../api/client.js';
import { type FunctionChoice, FunctionPicker, chosenFunction } from './function-picker.js';
import { parsePeriod, periodText, rotationSummary } from './rotation-schedule.js';
import { type FunctionSummary, type ScheduleBody, type Secret, rotationTarget, secretPath, splitRotationTarget, when } from './secret-types.js';
import { PanelOutcome } from './panel-outcome.js';

export function SchedulePanel({ secret, functions, onChanged }: { secret: Secret; functions: FunctionSummary[] | null; onChanged(s: Secret): void }): React.JSX.Element {
  const id = useId();
  // A schedule in place fills the form: changing the period or the function starts from it.
  const [choice, setChoice] = useState<FunctionChoice>(() => (secret.rotation ? splitRotationTarget(secret.rotation.function) : { fn: '', ref: '' }));
  const [period, setPeriod] = useState(() => (secret.rotation ? periodText(secret.rotation.everySeconds) : ''));
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = chosenFunction(functions, choice);
  const parsed = parsePeriod(period);
  const periodError = period.trim() !== '' && 'error' in parsed ? parsed.error : '';
  const path = secretPath(secret.namespace, secret.name, 'rotation');

  const send = async (body: ScheduleBody | undefined) => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const after = await api<Secret>(path, body ? { method: 'PUT', body } : { method: 'DELETE' });
      setNotice(after.rotation ? 'Schedule saved.' : 'Schedule stopped: the secret rotates only when asked.');
      onChanged(after);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    if (!chosen || !('seconds' in parsed)) return;
    void send({ everySeconds: parsed.seconds, function: rotationTarget(chosen.name, choice.ref) });
  };

  return (
    <section className="secret-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Rotate on a schedule</h2>
      <p className="muted">
        A scheduler node calls the rotation function every period, the first time one period after you save; each rotation is a new version, and
        version {secret.version} stays readable for the default overlap (1 h). A rotation that fails is tried again 5 minutes later. Saving again
        starts the count anew.
      </p>
      <p data-testid="schedule-current">
        {secret.rotation ? (
          <>
            Rotates {rotationSummary(secret.rotation)}; next at {when(secret.rotation.nextAt)}.
          </>
        ) : (
          <span className="muted">Not rotated on a schedule.</span>
        )}
      </p>
      <form
        className="secret-row"
        aria-label="Rotate on a schedule"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <FunctionPicker functions={functions} value={choice} onChange={setChoice} />
        <div className="field period-field">
          <label htmlFor={`${id}-every`}>Every</label>
          <input
            id={`${id}-every`}
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            placeholder="30d"
            aria-invalid={periodError ? true : undefined}
            aria-describedby={`${id}-every-hint`}
          />
          <span id={`${id}-every-hint`} className={periodError ? 'error' : 'hint'}>
            {periodError || 'e.g. 30d, 12h, 90m; 1m to 366d'}
          </span>
        </div>
        <div className="field">
          <button type="submit" className="primary" disabled={busy || !chosen || !('seconds' in parsed)}>
            {busy ? 'Saving…' : 'Save schedule'}
          </button>{' '}
          {secret.rotation ? (
            <button type="button" className="danger" disabled={busy} onClick={() => void send(undefined)}>
              Stop schedule
            </button>
          ) : null}
        </div>
      </form>
      <PanelOutcome notice={notice} error={error} />
    </section>
  );
}

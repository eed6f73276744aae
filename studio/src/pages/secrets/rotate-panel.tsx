/**
 * "Rotate with function": a deployed function (`GET /api/v1/functions`), at a version or alias, makes
 * the next value on the server (`POST …/rotate`): it is called with {namespace, name, version} and its
 * output becomes the new version, which never passes through the browser. The same function can rotate
 * it on a schedule (schedule-panel.tsx, right under it).
 */
import { useId, useState } from 'react';
import { api } from '../../api/client.js';
import { href } from '../../app/router.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { type FunctionChoice, FunctionPicker, chosenFunction } from './function-picker.js';
import { OverlapField, overlapBody } from './overlap-field.js';
import { parseOverlap } from './overlap.js';
import { type FunctionSummary, type RotateBody, type Secret, rotationTarget, secretPath } from './secret-types.js';
import { PanelOutcome } from './panel-outcome.js';

export function RotatePanel({ secret, functions, functionsError, onRotated }: { secret: Secret; functions: FunctionSummary[] | null; functionsError: unknown; onRotated(s: Secret): void }): React.JSX.Element {
  const id = useId();
  const [choice, setChoice] = useState<FunctionChoice>({ fn: '', ref: '' });
  const [overlap, setOverlap] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = chosenFunction(functions, choice);
  const overlapOk = !('error' in parseOverlap(overlap));

  const rotate = async () => {
    if (!chosen || !overlapOk) return;
    const target = rotationTarget(chosen.name, choice.ref);
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const body: RotateBody = { function: target, ...overlapBody(overlap) };
      const rotated = await api<Secret>(secretPath(secret.namespace, secret.name, 'rotate'), { method: 'POST', body });
      setNotice(`Rotated to version ${rotated.version} by ${target}.`);
      onRotated(rotated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="secret-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Rotate with function</h2>
      <p className="muted">
        A rotation function makes the next value on the server, e.g. by asking a provider for a fresh token. It is called with{' '}
        <code>{'{"namespace", "name", "version"}'}</code> and returns the value (a string, an object, or <code>{'{"value": …}'}</code>). The value
        goes from the function into the vault: it never reaches this page. Version {secret.version} stays readable for the overlap (default 1 h).
      </p>
      {functionsError ? <ProblemMessage error={functionsError} /> : null}
      {functions && functions.length === 0 ? (
        <p className="muted">
          No functions are deployed. <a href={href('functions')}>Deploy a rotation function</a> first.
        </p>
      ) : null}
      <form
        className="secret-row"
        aria-label="Rotate with function"
        onSubmit={(e) => {
          e.preventDefault();
          void rotate();
        }}
      >
        <FunctionPicker functions={functions} value={choice} onChange={setChoice} />
        <OverlapField value={overlap} onChange={setOverlap} />
        <div className="field">
          <button type="submit" className="primary" disabled={busy || !chosen || !overlapOk}>
            {busy ? 'Rotating…' : 'Rotate'}
          </button>
        </div>
      </form>
      <PanelOutcome notice={notice} error={error} />
    </section>
  );
}

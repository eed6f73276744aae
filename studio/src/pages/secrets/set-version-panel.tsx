/**
 * "Set new version": a value typed here (write-only, emptied once stored), an overlap, and the
 * description (sent only when changed) → `PUT …/secrets/{name}`, answered with the metadata.
 */
import { useId, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { OverlapField, overlapBody } from './overlap-field.js';
import { parseOverlap } from './overlap.js';
import { SecretValueField, type SecretValueHandle } from './secret-value-field.js';
import { scrubError } from './secret-value.js';
import { type PutBody, type Secret, secretPath, when } from './secret-types.js';
import { PanelOutcome } from './panel-outcome.js';

export function SetVersionPanel({ secret, onSaved }: { secret: Secret; onSaved(s: Secret): void }): React.JSX.Element {
  const id = useId();
  const value = useRef<SecretValueHandle>(null);
  const [valueReady, setValueReady] = useState(false);
  const [overlap, setOverlap] = useState('');
  const [description, setDescription] = useState(secret.description);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const overlapOk = !('error' in parseOverlap(overlap));

  const save = async () => {
    const read = value.current?.read();
    if (!read || 'error' in read || !overlapOk) return;
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const body: PutBody = { value: read.value, ...overlapBody(overlap), ...(description.trim() !== secret.description ? { description: description.trim() } : {}) };
      const saved = await api<Secret>(secretPath(secret.namespace, secret.name), { method: 'PUT', body });
      value.current?.clear();
      setNotice(
        `Stored version ${saved.version}. ` +
          (saved.previous ? `Version ${saved.previous.version} stays readable until ${when(saved.previous.until)}.` : 'The version before it is no longer readable.'),
      );
      onSaved(saved);
    } catch (e) {
      setError(scrubError(e, read.sensitive));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="secret-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Set new version</h2>
      <p className="muted">
        Store a new value as version {secret.version + 1}. Runs and functions read it at once; version {secret.version} stays readable for the
        overlap (default 1 h), so that clients holding it have time to move on (a webhook accepts signatures made with either).
      </p>
      <form
        aria-label="Set new version"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <SecretValueField ref={value} label="New value" onStatus={(s) => setValueReady(!s.empty && !s.error)} />
        <div className="secret-row">
          <OverlapField value={overlap} onChange={setOverlap} />
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor={`${id}-desc`}>Description</label>
            <input id={`${id}-desc`} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
          </div>
        </div>
        <button type="submit" className="primary" disabled={busy || !valueReady || !overlapOk}>
          {busy ? 'Saving…' : 'Save new version'}
        </button>
      </form>
      <PanelOutcome notice={notice} error={error} />
    </section>
  );
}

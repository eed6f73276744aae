/** "Delete…" with a confirmation dialog: the secret and all its versions go (`DELETE …/secrets/{name}`). */
import { useId, useState } from 'react';
import { api } from '../../api/client.js';
import { type Secret, secretPath } from './secret-types.js';
import { VaultProblem } from './vault-problem.js';

export function DeleteSecret({ secret, versions, onDeleted }: { secret: Secret; versions: number; onDeleted(): void }): React.JSX.Element {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setOpen(false);
    setError(null);
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(secretPath(secret.namespace, secret.name), { method: 'DELETE' });
      setOpen(false);
      onDeleted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Delete…
      </button>
      {open ? (
        <div role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
          <div className="dialog">
            <h2 id={`${id}-title`}>
              Delete {secret.namespace}/{secret.name}?
            </h2>
            <p id={`${id}-text`}>
              This deletes the secret and all its {versions === 1 ? 'version' : `${versions} versions`}, the overlap of the previous one included.
              Workflows and functions that read it get nothing from now on. This cannot be undone.
            </p>
            {error ? <VaultProblem error={error} /> : null}
            <div className="toolbar">
              <button type="button" className="danger-solid" disabled={busy} onClick={() => void remove()}>
                {busy ? 'Deleting…' : 'Delete secret'}
              </button>
              <button type="button" autoFocus onClick={close}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </>
  );
}

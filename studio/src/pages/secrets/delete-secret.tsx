/** "Delete…" with a confirmation dialog: the secret and all its versions go (`DELETE …/secrets/{name}`). */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { type Secret, secretPath } from './secret-types.js';
import { VaultProblem } from './vault-problem.js';

export function DeleteSecret({ secret, versions, onDeleted }: { secret: Secret; versions: number; onDeleted(): void }): React.JSX.Element {
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
        <ConfirmDialog
          title={`Delete ${secret.namespace}/${secret.name}?`}
          text={
            <>
              This deletes the secret and all its {versions === 1 ? 'version' : `${versions} versions`}, the overlap of the previous one included.
              Workflows and functions that read it get nothing from now on. This cannot be undone.
            </>
          }
          problem={error ? <VaultProblem error={error} /> : null}
          confirm={{ label: 'Delete secret', busyLabel: 'Deleting…', className: 'danger-solid' }}
          busy={busy}
          onConfirm={() => void remove()}
          onClose={close}
        />
      ) : null}
    </>
  );
}

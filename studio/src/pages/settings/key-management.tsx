/** API key management for admins: list, create (the secret is shown once), rotate, revoke. */
import { useCallback, useEffect, useId, useState } from 'react';
import { api } from '../../api/client.js';
import { onListKeyDown } from '../../components/list-keys.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { ROLE_NAMES } from '../../../../src/contracts/index.js';

interface ApiKeyView {
  id: string;
  name: string;
  scopes: { namespace: string; role: string }[];
  createdAt?: string;
  expiresAt?: string;
  revokedAt?: string;
  rotatedAt?: string;
}

const ROLES = ROLE_NAMES;

export function KeyManagement(): React.JSX.Element {
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const load = useCallback(() => {
    api<{ items: ApiKeyView[] }>('/api/v1/keys').then(
      (r) => setKeys(r.items),
      (e: unknown) => setError(e),
    );
  }, []);
  useEffect(load, [load]);

  const act = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(err);
    }
    load();
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <CreateKeyForm
        onCreate={(body) =>
          act(async () => {
            const r = await api<{ key: ApiKeyView; secret: string }>('/api/v1/keys', { method: 'POST', body });
            setSecret({ name: r.key.name, secret: r.secret });
          })
        }
      />
      {secret ? (
        <div className="notice" role="status">
          New secret for <strong>{secret.name}</strong> — copy it now, it is not shown again: <code data-testid="new-secret">{secret.secret}</code>
        </div>
      ) : null}
      {error ? <ProblemMessage error={error} /> : null}
      {keys ? (
        <table className="list" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Roles</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody onKeyDown={onListKeyDown}>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.id}</code>
                </td>
                <td>{k.scopes.map((s) => `${s.role}@${s.namespace}`).join(', ')}</td>
                <td>{k.createdAt ? new Date(k.createdAt).toLocaleString() : ''}</td>
                <td>{k.revokedAt ? 'revoked' : k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? 'expired' : 'active'}</td>
                <td className="toolbar" style={{ marginBottom: 0 }}>
                  <button
                    type="button"
                    disabled={!!k.revokedAt}
                    aria-label={`Rotate key ${k.name}`}
                    onClick={() =>
                      act(async () => {
                        const r = await api<{ key: ApiKeyView; secret: string }>(`/api/v1/keys/${encodeURIComponent(k.id)}/rotate`, { method: 'POST', body: {} });
                        setSecret({ name: r.key.name, secret: r.secret });
                      })
                    }
                  >
                    Rotate
                  </button>
                  <button
                    type="button"
                    className="danger"
                    disabled={!!k.revokedAt}
                    aria-label={`Revoke key ${k.name}`}
                    onClick={() =>
                      act(async () => {
                        await api(`/api/v1/keys/${encodeURIComponent(k.id)}/revoke`, { method: 'POST' });
                      })
                    }
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
            {keys.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  No keys.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function CreateKeyForm({ onCreate }: { onCreate(body: { name: string; scopes: { namespace: string; role: string }[] }): void }): React.JSX.Element {
  const id = useId();
  const [name, setName] = useState('');
  const [namespace, setNamespace] = useState('*');
  const [role, setRole] = useState('developer');
  return (
    <form
      className="toolbar"
      aria-label="Create an API key"
      onSubmit={(e) => {
        e.preventDefault();
        onCreate({ name: name.trim(), scopes: [{ namespace: namespace.trim(), role }] });
        setName('');
      }}
    >
      <label htmlFor={`${id}-name`}>Key name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required />
      <label htmlFor={`${id}-ns`}>Namespace</label>
      <input id={`${id}-ns`} value={namespace} onChange={(e) => setNamespace(e.target.value)} required size={10} />
      <label htmlFor={`${id}-role`}>Role</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={name.trim() === ''}>
        Create key
      </button>
    </form>
  );
}

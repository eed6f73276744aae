/**
 * "New secret": namespace, name, value (text or a JSON object), description → `PUT …/secrets/{name}`.
 * A name the namespace already holds is refused here (a PUT would quietly make it a new version): its
 * page is where new versions are set. The value field is emptied once the secret is stored. When the
 * server said the vault is off (`vaultOff`), the form says so before anything is typed; a save is still
 * sent (the server's answer is the authority) and its 503 takes the notice's place.
 */
import { useId, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { href } from '../../app/router.js';
import { SecretValueField, type SecretValueHandle } from './secret-value-field.js';
import { scrubError } from './secret-value.js';
import { type PutBody, type Secret, isVaultOff, namespacePath, placeProblem, secretPath } from './secret-types.js';
import { VaultOffNotice, VaultProblem } from './vault-problem.js';

export function NewSecretForm({ initialNamespace, vaultOff = false, onCreated, onCancel }: { initialNamespace: string; vaultOff?: boolean; onCreated(s: Secret): void; onCancel(): void }): React.JSX.Element {
  const id = useId();
  const value = useRef<SecretValueHandle>(null);
  const [namespace, setNamespace] = useState(initialNamespace || 'default');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [valueReady, setValueReady] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [exists, setExists] = useState(false);
  const [busy, setBusy] = useState(false);
  const place = placeProblem(namespace.trim(), name.trim());

  const create = async () => {
    const ns = namespace.trim();
    const n = name.trim();
    const read = value.current?.read();
    if (!read || 'error' in read || place) return;
    setBusy(true);
    setError(null);
    setExists(false);
    try {
      // Asked through the namespace's list: a secret that does not exist yet is the normal case, not a
      // failed request (a 404 would be logged in the browser console).
      const held = await api<{ items: Secret[] }>(namespacePath(ns));
      if (held.items.some((s) => s.name === n)) {
        setExists(true);
        return;
      }
      const body: PutBody = { value: read.value, ...(description.trim() ? { description: description.trim() } : {}) };
      const created = await api<Secret>(secretPath(ns, n), { method: 'PUT', body });
      value.current?.clear();
      setName('');
      setDescription('');
      onCreated(created);
    } catch (e) {
      setError(scrubError(e, read.sensitive));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="secret-panel new-secret"
      aria-label="New secret"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <h2>New secret</h2>
      {vaultOff && !isVaultOff(error) ? <VaultOffNotice /> : null}
      <div className="secret-row">
        <div className="field">
          <label htmlFor={`${id}-ns`}>Namespace</label>
          <input id={`${id}-ns`} value={namespace} onChange={(e) => setNamespace(e.target.value)} size={14} required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="STRIPE_KEY"
            size={24}
            required
            aria-invalid={name !== '' && place ? true : undefined}
            aria-describedby={`${id}-name-hint`}
          />
          <span id={`${id}-name-hint`} className={name !== '' && place ? 'error' : 'hint'}>
            {name !== '' && place ? place : 'what workflows write in use.secrets and $secrets.NAME'}
          </span>
        </div>
      </div>
      <SecretValueField ref={value} onStatus={(s) => setValueReady(!s.empty && !s.error)} />
      <div className="field">
        <label htmlFor={`${id}-desc`}>Description (optional)</label>
        <input id={`${id}-desc`} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} placeholder="what it is for, who owns it" />
      </div>
      {exists ? (
        <div className="problem" role="alert">
          {namespace.trim()}/{name.trim()} already exists. To store a new value, <a href={href('secrets', namespace.trim(), name.trim())}>open it</a> and set a new version.
        </div>
      ) : null}
      {error ? <VaultProblem error={error} /> : null}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy || !!place || !valueReady}>
          {busy ? 'Creating…' : 'Create secret'}
        </button>
        <button type="button" onClick={onCancel}>
          Close
        </button>
      </div>
    </form>
  );
}

/**
 * `#/secrets`: every secret the caller may read (`GET /api/v1/secrets`, metadata only) grouped by
 * namespace, filtered by namespace and by name or description, and "New secret". `GET /api/v1/vault`
 * says up front whether the vault is off (the notice; in "New secret" while it is open) or which master
 * key it uses.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { href } from '../../app/router.js';
import { onListKeyDown } from '../../components/list-keys.js';
import { grantsSummary } from './grants.js';
import { NewSecretForm } from './new-secret-form.js';
import { periodText, rotationSummary } from './rotation-schedule.js';
import { groupSecrets, namespacesOf } from './secret-list.js';
import { type Secret, when } from './secret-types.js';
import { useVaultStatus } from './use-vault-status.js';
import { VaultKeys } from './vault-keys.js';
import { VaultOffNotice, VaultProblem } from './vault-problem.js';
import { WriteOnlyNote } from './write-only-note.js';
import './secrets.css';

export function SecretsListPage(): React.JSX.Element {
  const id = useId();
  const [items, setItems] = useState<Secret[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [namespace, setNamespace] = useState('');
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Secret | null>(null);
  const vault = useVaultStatus();
  const vaultOff = vault?.enabled === false;

  const load = useCallback((signal?: AbortSignal) => {
    api<{ items: Secret[] }>('/api/v1/secrets', { signal }).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (e: unknown) => signal?.aborted || setError(e),
    );
  }, []);
  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal);
    return () => ctl.abort();
  }, [load]);

  const namespaces = useMemo(() => namespacesOf(items ?? []), [items]);
  const groups = useMemo(() => groupSecrets(items ?? [], { namespace, query }), [items, namespace, query]);

  return (
    <section className="page secrets-page" aria-labelledby="secrets-title">
      <header className="toolbar">
        <h1 id="secrets-title">Secrets</h1>
        {vault ? (
          <span className="muted" style={{ marginLeft: 'auto' }}>
            <VaultKeys status={vault} />
          </span>
        ) : null}
      </header>
      <WriteOnlyNote />
      {vaultOff && !creating ? <VaultOffNotice /> : null}
      <div className="toolbar">
        <label htmlFor={`${id}-ns`}>Namespace</label>
        <select id={`${id}-ns`} value={namespace} onChange={(e) => setNamespace(e.target.value)}>
          <option value="">all namespaces</option>
          {namespaces.map((ns) => (
            <option key={ns}>{ns}</option>
          ))}
        </select>
        <label htmlFor={`${id}-search`}>Search</label>
        <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name or description" />
        <button type="button" className="primary" style={{ marginLeft: 'auto' }} aria-expanded={creating} onClick={() => setCreating(!creating)}>
          New secret
        </button>
      </div>
      {creating ? (
        <NewSecretForm
          initialNamespace={namespace}
          vaultOff={vaultOff}
          onCancel={() => setCreating(false)}
          onCreated={(s) => {
            setCreated(s);
            load();
          }}
        />
      ) : null}
      {created ? (
        <p className="notice" role="status">
          {created.version === 1 ? 'Created' : 'Stored'}{' '}
          <a href={href('secrets', created.namespace, created.name)}>
            {created.namespace}/{created.name}
          </a>
          , version {created.version}
          {created.version === 1 ? '' : ' (it already existed: someone created it meanwhile)'}. The value is stored encrypted and was cleared from this page.
        </p>
      ) : null}
      {error ? <VaultProblem error={error} /> : null}
      {items === null && !error ? <p className="muted">Loading…</p> : null}
      {items !== null ? (
        <table className="list secrets-table" aria-label="Secrets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Updated</th>
              <th scope="col">Granted to</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody key={g.namespace} onKeyDown={onListKeyDown} data-testid={`namespace-${g.namespace}`}>
              <tr className="group-row">
                <th scope="colgroup" colSpan={5}>
                  namespace {g.namespace} <span className="muted">({g.secrets.length})</span>
                </th>
              </tr>
              {g.secrets.map((s) => (
                <tr key={s.name} data-testid={`secret-${s.namespace}/${s.name}`}>
                  <td>
                    <a href={href('secrets', s.namespace, s.name)}>{s.name}</a>
                    {s.rotation ? (
                      <span className="rotation-mark" data-testid="rotation-mark" title={`rotates ${rotationSummary(s.rotation)}, next at ${when(s.rotation.nextAt)}`}>
                        ↻ {periodText(s.rotation.everySeconds)}
                        <span className="visually-hidden">, rotates {rotationSummary(s.rotation)}</span>
                      </span>
                    ) : null}
                  </td>
                  <td>{s.version}</td>
                  <td>{when(s.updatedAt)}</td>
                  <td>{grantsSummary(s.grants) || <span className="muted">its namespace only</span>}</td>
                  <td>{s.description}</td>
                </tr>
              ))}
            </tbody>
          ))}
          {groups.length === 0 ? (
            <tbody>
              <tr>
                <td colSpan={5} className="muted">
                  {items.length === 0 ? 'No secrets yet: create one with New secret.' : 'No secret matches the filter.'}
                </td>
              </tr>
            </tbody>
          ) : null}
        </table>
      ) : null}
    </section>
  );
}

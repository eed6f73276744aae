/**
 * `#/secrets/<namespace>/<name>`: one secret's metadata and versions (never a value), and what can be
 * done with it: set a new version, rotate it with a function (now or on a schedule), edit its grants,
 * delete it; and who used which version ("Used by"). The master key ids come from `GET /api/v1/vault`.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { href } from '../../app/router.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { DeleteSecret } from './delete-secret.js';
import { GrantsPanel } from './grants-panel.js';
import { RotatePanel } from './rotate-panel.js';
import { rotationSummary } from './rotation-schedule.js';
import { SchedulePanel } from './schedule-panel.js';
import { type FunctionSummary, type Secret, type SecretVersion, secretPath, when } from './secret-types.js';
import { SetVersionPanel } from './set-version-panel.js';
import { UsagePanel } from './usage-panel.js';
import { useVaultStatus } from './use-vault-status.js';
import { VaultKeys } from './vault-keys.js';
import { WriteOnlyNote } from './write-only-note.js';
import './secrets.css';

export function SecretDetailPage({ namespace, name }: { namespace: string; name: string }): React.JSX.Element {
  const [secret, setSecret] = useState<Secret | null>(null);
  const [versions, setVersions] = useState<SecretVersion[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [functions, setFunctions] = useState<FunctionSummary[] | null>(null);
  const [functionsError, setFunctionsError] = useState<unknown>(null);
  const [deleted, setDeleted] = useState(false);
  const vault = useVaultStatus();

  const loadVersions = useCallback(async () => {
    try {
      setVersions((await api<{ items: SecretVersion[] }>(secretPath(namespace, name, 'versions'))).items);
    } catch (e) {
      setLoadError(e);
    }
  }, [namespace, name]);

  useEffect(() => {
    const ctl = new AbortController();
    Promise.all([api<Secret>(secretPath(namespace, name), { signal: ctl.signal }), api<{ items: SecretVersion[] }>(secretPath(namespace, name, 'versions'), { signal: ctl.signal })]).then(
      ([s, v]) => {
        setSecret(s);
        setVersions(v.items);
      },
      (e: unknown) => ctl.signal.aborted || setLoadError(e),
    );
    api<{ items: FunctionSummary[] }>('/api/v1/functions', { signal: ctl.signal }).then(
      (r) => setFunctions(r.items),
      (e: unknown) => ctl.signal.aborted || setFunctionsError(e),
    );
    return () => ctl.abort();
  }, [namespace, name]);

  /** After a change: the answer is the new metadata; the versions are read again. */
  const changed = (s: Secret) => {
    setSecret(s);
    void loadVersions();
  };

  const header = (
    <header className="toolbar">
      <h1 id="secret-title">
        Secret {namespace}/{name}
      </h1>
      {secret && !deleted ? <span className="muted">version {secret.version}</span> : null}
      <a href={href('secrets')} style={{ marginLeft: 'auto' }}>
        All secrets
      </a>
      {secret && !deleted ? <DeleteSecret secret={secret} versions={versions?.length ?? secret.version} onDeleted={() => setDeleted(true)} /> : null}
    </header>
  );

  if (deleted) {
    return (
      <section className="page secrets-page" aria-labelledby="secret-title">
        {header}
        <p className="notice" role="status">
          Deleted {namespace}/{name} and all its versions. <a href={href('secrets')}>Back to the secrets</a>.
        </p>
      </section>
    );
  }
  if (!secret && !loadError) return <section className="page muted">Loading secret {namespace}/{name}…</section>;
  return (
    <section className="page secrets-page" aria-labelledby="secret-title">
      {header}
      <WriteOnlyNote />
      {loadError ? <ProblemMessage error={loadError} /> : null}
      {secret ? (
        <div className="secret-columns">
          <div>
            <section className="secret-panel" aria-label="About this secret">
              <h2>About</h2>
              <dl className="secret-facts" data-testid="secret-facts">
                <dt>Namespace</dt>
                <dd>{secret.namespace}</dd>
                <dt>Name</dt>
                <dd>
                  <code>{secret.name}</code>
                </dd>
                <dt>Description</dt>
                <dd>{secret.description || <span className="muted">none</span>}</dd>
                <dt>Current version</dt>
                <dd data-testid="secret-version">{secret.version}</dd>
                <dt>Previous version</dt>
                <dd data-testid="secret-previous">
                  {secret.previous ? (
                    <>
                      version {secret.previous.version}, {Date.parse(secret.previous.until) > Date.now() ? 'readable' : 'was readable'} until {when(secret.previous.until)}
                    </>
                  ) : (
                    <span className="muted">none readable</span>
                  )}
                </dd>
                <dt>Created</dt>
                <dd>
                  {when(secret.createdAt)} by {secret.createdBy}
                </dd>
                <dt>Updated</dt>
                <dd>{when(secret.updatedAt)}</dd>
                <dt>Last rotated</dt>
                <dd>{secret.rotatedAt ? when(secret.rotatedAt) : <span className="muted">never</span>}</dd>
                <dt>Scheduled rotation</dt>
                <dd data-testid="secret-rotation">
                  {secret.rotation ? (
                    <>
                      {rotationSummary(secret.rotation)}, next at {when(secret.rotation.nextAt)}
                    </>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </dd>
                {vault?.enabled ? (
                  <>
                    <dt>Vault</dt>
                    <dd>
                      <VaultKeys status={vault} />
                    </dd>
                  </>
                ) : null}
              </dl>
            </section>
            <section className="secret-panel" aria-labelledby="versions-title">
              <h2 id="versions-title">Versions</h2>
              <table className="list" aria-label="Versions">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Created</th>
                    <th scope="col">By</th>
                    <th scope="col">Master key</th>
                  </tr>
                </thead>
                <tbody>
                  {(versions ?? []).map((v) => (
                    <tr key={v.version} data-testid={`secret-version-${v.version}`}>
                      <td>
                        {v.version}
                        {v.version === secret.version ? <span className="muted"> (current)</span> : v.version === secret.previous?.version ? <span className="muted"> (previous)</span> : null}
                      </td>
                      <td>{when(v.createdAt)}</td>
                      <td>{v.createdBy}</td>
                      <td>
                        <code>{v.masterKeyId}</code>
                        {vault?.previousMasterKeyId && v.masterKeyId === vault.previousMasterKeyId ? <span className="muted"> (previous key)</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">The master key id is a fingerprint of the key that wraps the version's data key, not the key.</p>
            </section>
            <UsagePanel secret={secret} />
            <GrantsPanel secret={secret} functionNames={(functions ?? []).map((f) => f.name)} onChanged={setSecret} />
          </div>
          <div>
            <SetVersionPanel secret={secret} onSaved={changed} />
            <RotatePanel secret={secret} functions={functions} functionsError={functionsError} onRotated={changed} />
            <SchedulePanel secret={secret} functions={functions} onChanged={setSecret} />
          </div>
        </div>
      ) : null}
    </section>
  );
}

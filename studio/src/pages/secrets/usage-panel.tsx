/**
 * "Used by" on a secret's page: which workflows, functions and webhooks used each version, when last and how often
 * (`GET …/secrets/{name}/usage`) — names and counts, never a value. The server writes reads every few
 * seconds, so the panel reloads when the secret changes and on "Refresh".
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { type SecretUsage, readerLabel, readsLabel, usageByVersion } from './secret-usage.js';
import { type Secret, secretPath, when } from './secret-types.js';

export function UsagePanel({ secret }: { secret: Secret }): React.JSX.Element {
  const [items, setItems] = useState<SecretUsage[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { namespace, name } = secret;

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setItems((await api<{ items: SecretUsage[] }>(secretPath(namespace, name, 'usage'), signal ? { signal } : {})).items);
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError(e);
      }
    },
    [namespace, name],
  );

  useEffect(() => {
    const ctl = new AbortController();
    void load(ctl.signal);
    return () => ctl.abort();
  }, [load, secret.version]);

  const groups = usageByVersion(items ?? []);
  return (
    <section className="secret-panel" aria-labelledby="usage-title" data-testid="secret-usage">
      <div className="secret-row" style={{ alignItems: 'center' }}>
        <h2 id="usage-title" style={{ margin: 0 }}>
          Used by
        </h2>
        <button type="button" onClick={() => void load()} style={{ marginLeft: 'auto' }}>
          Refresh
        </button>
      </div>
      {error ? <ProblemMessage error={error} /> : null}
      {items === null && !error ? <p className="muted">Loading…</p> : null}
      {items !== null && !groups.length ? <p className="muted">No workflow or function has read this secret yet. Reads show here within a few seconds.</p> : null}
      {groups.length ? (
        <table className="list" aria-label="Used by">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Read by</th>
              <th scope="col">Last used</th>
              <th scope="col">Reads</th>
            </tr>
          </thead>
          <tbody>
            {groups.flatMap((g) =>
              g.readers.map((u, i) => (
                <tr key={`${g.version} ${u.kind} ${u.reader}`} data-testid={`secret-usage-${g.version}`}>
                  <td>
                    {i === 0 ? (
                      <>
                        {g.version}
                        {g.version === secret.version ? <span className="muted"> (current)</span> : g.version === secret.previous?.version ? <span className="muted"> (previous)</span> : null}
                      </>
                    ) : null}
                  </td>
                  <td>
                    <span className="muted">{u.kind}</span> <code>{u.reader}</code>
                  </td>
                  <td title={`first ${when(u.firstAt)}`}>{when(u.lastAt)}</td>
                  <td aria-label={`${readerLabel(u)}: ${readsLabel(u.count)}`}>{u.count}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      ) : null}
      <p className="muted small">
        A run counts once, when it is handed its secrets; a function at every <code>ctx.secrets.get</code>; a webhook at every call it verified. Values are never shown.
      </p>
    </section>
  );
}

/**
 * Settings: log in with an API key when the server requires one (`weft serve`) — the key is kept in
 * session storage (api/client.ts) and checked against the API at once — and, for admins, API key
 * management (key-management.tsx).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { ApiProblem, api, apiKey, setApiKey } from '../../api/client.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { KeyManagement } from './key-management.js';

type Session =
  | { state: 'checking' }
  /** The server answered without a key: `weft dev`. */
  | { state: 'open' }
  | { state: 'needs-key' }
  | { state: 'logged-in'; key: string }
  | { state: 'error'; error: unknown };

/** Works out whether a key is needed and whether the stored one is good: one cheap authenticated read. */
async function probe(): Promise<Session> {
  try {
    await api('/api/v1/workflows');
    const key = apiKey();
    return key ? { state: 'logged-in', key } : { state: 'open' };
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 401) return { state: 'needs-key' };
    // 403: the key is valid but may not list workflows (an invoker key): still logged in.
    if (err instanceof ApiProblem && err.status === 403 && apiKey()) return { state: 'logged-in', key: apiKey() as string };
    return { state: 'error', error: err };
  }
}

export function SettingsPage(): React.JSX.Element {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [isAdmin, setIsAdmin] = useState(false);
  const refresh = useCallback(async () => {
    const s = await probe();
    setSession(s);
    if (s.state === 'open' || s.state === 'logged-in') {
      // Key management is for admins: GET /api/v1/keys answers 403 to anyone else.
      setIsAdmin(await api('/api/v1/keys').then(() => true, () => false));
    } else setIsAdmin(false);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <h2>Authentication</h2>
      {session.state === 'checking' ? <p className="muted">Checking the server…</p> : null}
      {session.state === 'open' ? <p data-testid="auth-state">This server does not require an API key (weft dev): you act as the local developer.</p> : null}
      {session.state === 'error' ? <ProblemMessage error={session.error} /> : null}
      {session.state === 'logged-in' ? (
        <div className="toolbar" data-testid="auth-state">
          <span>
            Logged in with key <code>{maskKey(session.key)}</code> (kept for this tab only).
          </span>
          <button
            type="button"
            onClick={() => {
              setApiKey(null);
              void refresh();
            }}
          >
            Log out
          </button>
        </div>
      ) : null}
      {session.state === 'needs-key' ? <LoginForm onLoggedIn={() => void refresh()} /> : null}
      {isAdmin ? <KeyManagement /> : null}
    </section>
  );
}

function maskKey(key: string): string {
  const m = /^(wk_[^_]+)_/.exec(key);
  return m ? `${m[1]}_…` : `${key.slice(0, 4)}…`;
}

function LoginForm({ onLoggedIn }: { onLoggedIn(): void }): React.JSX.Element {
  const id = useId();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      aria-label="Log in with an API key"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setApiKey(key.trim());
        try {
          await api('/api/v1/workflows');
          onLoggedIn();
        } catch (err) {
          // A 403 means the key is valid but may not read workflows: keep it.
          if (err instanceof ApiProblem && err.status === 403) onLoggedIn();
          else {
            setApiKey(null);
            setError(err);
          }
        } finally {
          setBusy(false);
        }
      }}
    >
      <p>This server requires an API key. It is kept in this tab's session storage and sent with every request.</p>
      <div className="field" style={{ maxWidth: 480 }}>
        <label htmlFor={id}>API key</label>
        <input id={id} type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} required placeholder="wk_…" />
      </div>
      {error ? <ProblemMessage error={error} /> : null}
      <button type="submit" className="primary" disabled={busy || key.trim() === ''}>
        Log in
      </button>
    </form>
  );
}

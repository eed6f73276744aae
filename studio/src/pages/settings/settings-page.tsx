/**
 * Settings: log in when the server requires it (`weft serve`) — with single sign-on when the server has
 * it (a link to `/auth/login`: the provider's page, then back to the studio with a session cookie), or
 * with an API key, kept in session storage (api/client.ts) and checked against the API at once — and, for
 * admins, API key management (key-management.tsx). Who is logged in, and Log out, are in the shell
 * (app/identity.tsx).
 */
import { useEffect, useId, useState } from 'react';
import { api, apiKey, setApiKey } from '../../api/client.js';
import { refreshSession, rolesText, useSession } from '../../api/session.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { KeyManagement } from './key-management.js';

export function SettingsPage(): React.JSX.Element {
  const session = useSession();
  const [isAdmin, setIsAdmin] = useState(false);
  const signedIn = session.state === 'signed-in' ? session.me : undefined;
  useEffect(() => {
    // Key management is for admins: GET /api/v1/keys answers 403 to anyone else.
    if (signedIn) void api('/api/v1/keys').then(() => setIsAdmin(true), () => setIsAdmin(false));
    else setIsAdmin(false);
  }, [signedIn]);

  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <h2>Authentication</h2>
      {session.state === 'loading' ? <p className="muted">Checking the server…</p> : null}
      {session.state === 'error' ? <ProblemMessage error={session.error} /> : null}
      {signedIn?.via === 'dev' ? <p data-testid="auth-state">This server does not require an API key (weft dev): you act as the local developer.</p> : null}
      {signedIn?.via === 'apiKey' ? (
        <p data-testid="auth-state">
          Logged in with key <code>{maskKey(apiKey() ?? signedIn.actor)}</code> (kept for this tab only) as {rolesText(signedIn.scopes)}. Log out from the top of the navigation.
        </p>
      ) : null}
      {signedIn?.via === 'oidc' ? (
        <p data-testid="auth-state">
          Logged in with single sign-on as {signedIn.name ?? signedIn.actor} ({rolesText(signedIn.scopes)}), until {new Date(signedIn.expiresAt ?? 0).toLocaleString()}.
        </p>
      ) : null}
      {session.state === 'anonymous' ? (
        <>
          {session.config.oidc ? (
            <div className="toolbar">
              <a className="button primary" href={session.config.loginUrl ?? '/auth/login'}>
                Log in with SSO
              </a>
              <span className="muted">with your organisation's account; or, for machines and operators, an API key:</span>
            </div>
          ) : null}
          <LoginForm onLoggedIn={() => void refreshSession()} />
        </>
      ) : null}
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
          // Any valid key may ask who it is: a 401 is the only refusal.
          await api('/api/v1/me');
          onLoggedIn();
        } catch (err) {
          setApiKey(null);
          setError(err);
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

/**
 * The shell's identity block: who the studio acts as (a person's name, a key id, or weft dev's local
 * developer), their roles per namespace, and Log out. Without a credential it points at the login
 * screen (Settings).
 */
import { logOut, rolesText, useSession } from '../api/session.js';
import { href } from './router.js';

export function Identity(): React.JSX.Element | null {
  const session = useSession();
  if (session.state === 'loading' || session.state === 'error') return null;
  if (session.state === 'anonymous') {
    return (
      <div className="identity" data-testid="identity">
        <span className="who">Not logged in</span>
        <a href={href('settings')}>Log in…</a>
      </div>
    );
  }
  const { me } = session;
  const who = me.via === 'dev' ? 'Local developer' : (me.name ?? me.actor);
  const how = me.via === 'oidc' ? `single sign-on${me.email ? ` · ${me.email}` : ''}` : me.via === 'apiKey' ? `API key ${me.actor}` : 'weft dev: no login';
  return (
    <div className="identity" data-testid="identity" aria-label="Current identity">
      <span className="who">{who}</span>
      <span className="how">{how}</span>
      <span className="roles" data-testid="identity-roles">{rolesText(me.scopes)}</span>
      {me.via !== 'dev' ? (
        <button type="button" onClick={() => void logOut()}>
          Log out
        </button>
      ) : null}
    </div>
  );
}

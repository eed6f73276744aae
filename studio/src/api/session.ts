/**
 * Who the studio acts as, shared by the shell's identity block and the settings page: the server's
 * authentication options (`GET /api/v1/auth/config`: is single sign-on on?) and the caller
 * (`GET /api/v1/me`: a key, an SSO session, or weft dev's local developer). Logging out ends whichever is
 * in use: the stored API key is forgotten; an SSO session is ended at the server and, when the provider
 * has an end-session endpoint, there too.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { AuthConfigView, IdentityView } from '../../../src/contracts/index.js';
import { ApiProblem, api, setApiKey } from './client.js';

export type SessionState =
  | { state: 'loading' }
  /** No credential (or an expired one): the login screen. */
  | { state: 'anonymous'; config: AuthConfigView }
  | { state: 'signed-in'; config: AuthConfigView; me: IdentityView }
  | { state: 'error'; error: unknown };

let current: SessionState = { state: 'loading' };
let started = false;
const listeners = new Set<() => void>();

function publish(next: SessionState): void {
  current = next;
  for (const l of listeners) l();
}

/** Asks the server again (after a login or logout). */
export async function refreshSession(): Promise<SessionState> {
  started = true;
  try {
    const config = await api<AuthConfigView>('/api/v1/auth/config');
    try {
      publish({ state: 'signed-in', config, me: await api<IdentityView>('/api/v1/me') });
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 401) publish({ state: 'anonymous', config });
      else throw err;
    }
  } catch (err) {
    publish({ state: 'error', error: err });
  }
  return current;
}

export function useSession(): SessionState {
  const state = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
  useEffect(() => {
    if (!started) void refreshSession();
  }, []);
  return state;
}

/** Ends the session in use; an SSO logout continues at the provider when it has an end-session URL. */
export async function logOut(): Promise<void> {
  const me = current.state === 'signed-in' ? current.me : undefined;
  setApiKey(null);
  if (me?.via === 'oidc') {
    const r = await api<{ endSessionUrl?: string }>('/auth/logout', { method: 'POST' });
    if (r.endSessionUrl) {
      window.location.assign(r.endSessionUrl);
      return;
    }
  }
  await refreshSession();
}

/** `developer@shop, viewer@*`: a scope list as the studio shows it (like the keys table). */
export function rolesText(scopes: IdentityView['scopes']): string {
  return scopes.map((s) => `${s.role}@${s.namespace}`).join(', ');
}

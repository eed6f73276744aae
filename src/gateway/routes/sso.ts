/**
 * Single sign-on in the browser: `GET /auth/login` (to the provider, with the login's state sealed in a
 * 10-minute cookie), `GET /auth/callback` (back from it: the session cookie, then the studio),
 * `POST /auth/logout` (the session ends here; the answer names the provider's end-session URL, which ends
 * it there too), and `GET /api/v1/auth/config`, public, which tells the studio's login screen what to offer.
 * The browser routes are redirects, not API calls: they are left out of OpenAPI (docs/sso.md describes them).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authConfigSchema } from '../../contracts/index.js';
import type { SsoPort } from '../../platform/index.js';
import { clearCookie, cookie, serializeCookie, setCookies } from '../cookies.js';
import type { ApiTypeProvider, GatewayDeps } from '../deps.js';
import { checkCsrf, sessionCookie } from '../sso-credentials.js';

const LOGIN_COOKIE_SEC = 10 * 60;

/** Secure cookies over https, or whenever the operator's redirect URL is https (a TLS-terminating proxy). */
const secure = (sso: SsoPort, req: FastifyRequest) => sso.secureCookies || req.protocol === 'https';

/** The callback URL: the configured one, else this request's own origin (its Host passed host-check.ts). */
const redirectUrl = (sso: SsoPort, req: FastifyRequest) => sso.redirectUrl ?? `${req.protocol}://${req.host}/auth/callback`;

export function ssoRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  api.get('/api/v1/auth/config', { config: { public: true }, schema: authConfigSchema }, async () => ({
    oidc: deps.sso !== undefined,
    apiKeys: deps.auth,
    ...(deps.sso ? { loginUrl: '/auth/login' } : {}),
  }));
  const sso = deps.sso;
  if (!sso) return;

  app.get('/auth/login', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const { url, state } = await sso.beginLogin(redirectUrl(sso, req));
    setCookies(reply, [serializeCookie('weft_login', state, { secure: secure(sso, req), httpOnly: true, maxAgeSec: LOGIN_COOKIE_SEC })]);
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  app.get('/auth/callback', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const query = req.query as Record<string, string | undefined>;
    // The login cookie is spent whatever happens: a state is good for one callback.
    setCookies(reply, clearCookie('weft_login'));
    const { session, identity } = await sso.completeLogin({ query, state: cookie(req, 'weft_login'), redirectUrl: redirectUrl(sso, req) });
    const s = secure(sso, req);
    const maxAgeSec = (identity.expiresAt - Date.now()) / 1000;
    setCookies(reply, [
      serializeCookie('weft_session', session, { secure: s, httpOnly: true, maxAgeSec }),
      // Readable by the studio's script, which echoes it as X-CSRF-Token; other sites can neither read nor set it.
      serializeCookie('weft_csrf', identity.csrf, { secure: s, httpOnly: false, maxAgeSec }),
    ]);
    await deps.audit.record({ actor: identity.actor, action: 'session:login', target: `session/${identity.actor}`, detail: { scopes: identity.scopes.map((x) => `${x.namespace}:${x.role}`) } });
    return reply.header('cache-control', 'no-store').redirect('/', 302);
  });

  app.post('/auth/logout', { config: { public: true }, schema: { hide: true } }, async (req, reply) => logout(deps, sso, req, reply));
}

async function logout(deps: GatewayDeps, sso: SsoPort, req: FastifyRequest, reply: FastifyReply): Promise<{ loggedOut: true; endSessionUrl?: string }> {
  const sealed = sessionCookie(req);
  // A valid session is only ended by its own pages (CSRF); an invalid or absent one is simply cleared.
  const session = sealed ? await sso.readSession(sealed).catch(() => undefined) : undefined;
  if (session) checkCsrf(req, session.csrf);
  if (sealed && session) {
    await sso.endSession(sealed);
    await deps.audit.record({ actor: session.actor, action: 'session:logout', target: `session/${session.actor}` });
  }
  setCookies(reply, [...clearCookie('weft_session'), ...clearCookie('weft_csrf')]);
  const home = `${new URL(redirectUrl(sso, req)).origin}/`;
  // The provider being unreachable must not keep anyone logged in here.
  const endSessionUrl = await sso.logoutUrl(home).catch(() => undefined);
  reply.header('cache-control', 'no-store');
  return { loggedOut: true, ...(endSessionUrl ? { endSessionUrl } : {}) };
}

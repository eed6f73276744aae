/**
 * Authentication and authorization. `weft serve`: every route but the public ones needs
 * `Authorization: Bearer <key>` (401 when absent or not a valid key, with `WWW-Authenticate`), and each
 * route checks its action in the namespace it touches (403 when the key's roles do not allow it).
 * `weft dev`: no keys; every request acts as the local developer.
 * With single sign-on (an SsoPort), people authenticate with the session cookie `/auth/callback` sets
 * (CSRF-checked on unsafe methods) and API clients may send the provider's JWT as the bearer token
 * (sso-credentials.ts); a JWT-shaped bearer goes to the provider's keys, anything else to the API keys.
 * Failed authentications are counted per client IP and key id (auth-failures.ts): past the limit a
 * presented credential (key, JWT or cookie) is answered 429 before it is looked up.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Action, Scope } from '../contracts/index.js';
import type { AccessPolicy, AuthMethod, KeysPort, SsoPort } from '../platform/index.js';
import type { AuthFailures } from './auth-failures.js';
import { GATEWAY_ERROR_CODES, GatewayError } from './errors.js';
import { checkCsrf, isJwt, principalFromJwt, principalFromSession, sessionCookie } from './sso-credentials.js';

export interface Principal {
  /** Who acts, for the audit log: the key id, `oidc:<sub>`, or `dev`. */
  actor: string;
  scopes: readonly Scope[];
  via: AuthMethod;
  /** For display (`GET /api/v1/me`): a person's name and email from the provider. */
  name?: string;
  email?: string;
  /** When the key, token or session stops being accepted (epoch ms). */
  expiresAt?: number;
  /** The session's CSRF token: set only when the session cookie authenticated the request. */
  csrf?: string;
}

const DEV: Principal = { actor: 'dev', scopes: [{ namespace: '*', role: 'admin' }], via: 'dev' };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** Throws a 403 problem unless the principal may do `action` in `namespace`. */
    authorize(action: Action, namespace?: string): void;
  }
  interface FastifyContextConfig {
    /** Open without credentials (health probes). */
    public?: boolean;
    /**
     * The action this route needs, checked before the handler in the namespace named by the path
     * parameter `namespaceParam` (else `default`: functions are global). Routes whose namespace is only
     * known from the content (a run by id, a document) call `req.authorize` in the handler instead.
     */
    action?: Action;
    namespaceParam?: string;
    /** A fixed namespace to check `action` in (`*` for what spans every namespace, like events). */
    namespace?: string;
  }
}

export interface AuthOptions {
  /** Counts failures and throttles clients past the limit; absent = no throttling. */
  failures?: AuthFailures;
  /** Called for each request refused by the throttle (a metric). */
  onThrottled?: () => void;
  /** Single sign-on: session cookies and provider JWTs besides API keys. */
  sso?: SsoPort;
}

export function installAuth(app: FastifyInstance, keys: KeysPort | undefined, access: AccessPolicy, o: AuthOptions = {}): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('authorize', function (this: FastifyRequest, action: Action, namespace?: string) {
    access.authorize(this.principal.scopes, action, namespace);
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!keys) {
      req.principal = DEV;
      return;
    }
    if (req.routeOptions.config?.public) return;
    const header = req.headers.authorization;
    const session = !header && o.sso ? sessionCookie(req) : undefined;
    if (!header && !session) {
      throw access.refuse('missing', o.sso ? 'this route needs a credential: send Authorization: Bearer <API key or token>, or log in with single sign-on (GET /auth/login)' : 'this route needs an API key: send Authorization: Bearer <key>');
    }
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const credential = session ?? m?.[1] ?? (header as string);
    const failures = o.failures;
    const wait = failures?.throttled(req.ip, credential);
    if (wait !== undefined) {
      o.onThrottled?.();
      reply.header('retry-after', String(wait));
      throw new GatewayError(GATEWAY_ERROR_CODES.authThrottled, 429, `too many failed authentications from this client or for this key; retry after ${wait} s`);
    }
    try {
      if (session && o.sso) req.principal = await principalFromSession(o.sso, session);
      else if (!m) throw access.refuse('malformed', 'the Authorization header must be "Bearer <key>"');
      else if (o.sso && isJwt(credential)) req.principal = await principalFromJwt(o.sso, credential);
      else {
        const v = await keys.verify(credential);
        req.principal = { actor: v.key.id, scopes: v.scopes, via: 'apiKey', ...(v.key.expiresAt !== undefined ? { expiresAt: v.key.expiresAt } : {}) };
      }
      failures?.succeeded(credential);
    } catch (err) {
      if (access.isAuthFailure(err)) failures?.failed(req.ip, credential);
      throw err;
    }
    // After authentication: a forged request learns nothing, and a valid session is not counted as a failure.
    if (req.principal.csrf !== undefined) checkCsrf(req, req.principal.csrf);
  });
  app.addHook('preHandler', async (req) => {
    const { action, namespaceParam, namespace } = req.routeOptions.config ?? {};
    if (!action || !req.principal) return;
    req.authorize(action, namespaceParam ? (req.params as Record<string, string>)[namespaceParam] : namespace);
  });
}

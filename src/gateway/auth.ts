/**
 * Authentication and authorization. `weft serve`: every route but the public ones needs
 * `Authorization: Bearer <key>` (401 when absent or not a valid key, with `WWW-Authenticate`), and each
 * route checks its action in the namespace it touches (403 when the key's roles do not allow it).
 * `weft dev`: no keys; every request acts as the local developer.
 * Failed authentications are counted per client IP and key id (auth-failures.ts): past the limit a
 * presented credential is answered 429 before it is looked up.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Action, Scope } from '../contracts/index.js';
import type { AccessPolicy, KeysPort } from '../platform/index.js';
import type { AuthFailures } from './auth-failures.js';
import { GATEWAY_ERROR_CODES, GatewayError } from './errors.js';

export interface Principal {
  /** Who acts, for the audit log: the key id, or `dev`. */
  actor: string;
  scopes: readonly Scope[];
}

const DEV: Principal = { actor: 'dev', scopes: [{ namespace: '*', role: 'admin' }] };

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
    if (!header) throw access.refuse('missing', 'this route needs an API key: send Authorization: Bearer <key>');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const credential = m?.[1] ?? header;
    const failures = o.failures;
    const wait = failures?.throttled(req.ip, credential);
    if (wait !== undefined) {
      o.onThrottled?.();
      reply.header('retry-after', String(wait));
      throw new GatewayError(GATEWAY_ERROR_CODES.authThrottled, 429, `too many failed authentications from this client or for this key; retry after ${wait} s`);
    }
    try {
      if (!m) throw access.refuse('malformed', 'the Authorization header must be "Bearer <key>"');
      const v = await keys.verify(credential);
      req.principal = { actor: v.key.id, scopes: v.scopes };
      failures?.succeeded(credential);
    } catch (err) {
      if (access.isAuthFailure(err)) failures?.failed(req.ip, credential);
      throw err;
    }
  });
  app.addHook('preHandler', async (req) => {
    const { action, namespaceParam, namespace } = req.routeOptions.config ?? {};
    if (!action || !req.principal) return;
    req.authorize(action, namespaceParam ? (req.params as Record<string, string>)[namespaceParam] : namespace);
  });
}

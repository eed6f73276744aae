/**
 * Authentication and authorization. `weft serve`: every route but the public ones needs
 * `Authorization: Bearer <key>` (401 when absent or not a valid key, with `WWW-Authenticate`), and each
 * route checks its action in the namespace it touches (403 when the key's roles do not allow it).
 * `weft dev`: no keys; every request acts as the local developer.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Action, type ApiKeys, type Scope, authorize } from '../security/index.js';
import { AUTH_ERROR_CODES, AuthError } from '../security/index.js';

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

export function installAuth(app: FastifyInstance, keys: ApiKeys | undefined): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('authorize', function (this: FastifyRequest, action: Action, namespace?: string) {
    authorize(this.principal.scopes, action, namespace);
  });
  app.addHook('onRequest', async (req) => {
    if (!keys) {
      req.principal = DEV;
      return;
    }
    if (req.routeOptions.config?.public) return;
    const header = req.headers.authorization;
    if (!header) throw new AuthError(AUTH_ERROR_CODES.missing, 'this route needs an API key: send Authorization: Bearer <key>');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new AuthError(AUTH_ERROR_CODES.malformed, 'the Authorization header must be "Bearer <key>"');
    const v = await keys.verify(m[1]);
    req.principal = { actor: v.key.id, scopes: v.scopes };
  });
  app.addHook('preHandler', async (req) => {
    const { action, namespaceParam, namespace } = req.routeOptions.config ?? {};
    if (!action || !req.principal) return;
    req.authorize(action, namespaceParam ? (req.params as Record<string, string>)[namespaceParam] : namespace);
  });
}

/**
 * The single sign-on credentials auth.ts accepts besides API keys: a session cookie (set by
 * `/auth/callback`) and a bearer JWT from the provider. A cookie is sent by the browser on its own, so a
 * cookie-authenticated request that changes something must prove it comes from a page of this server:
 * the `X-CSRF-Token` header must equal the token sealed into the session (the page reads it from the
 * `weft_csrf` cookie, which other sites can neither read nor set), and an `Origin`, when sent, must be this
 * server's. Bearer credentials are never sent by a browser on its own, so they need neither.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SsoPort } from '../platform/index.js';
import type { Principal } from './auth.js';
import { cookie } from './cookies.js';
import { GATEWAY_ERROR_CODES, GatewayError } from './errors.js';

/** Three base64url parts: a JWS in compact form, as opposed to an API key (`wk_…` or a free-form admin key). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function isJwt(credential: string): boolean {
  return !credential.startsWith('wk_') && JWT_SHAPE.test(credential);
}

/** The session cookie's value, if the request carries one. */
export function sessionCookie(req: FastifyRequest): string | undefined {
  return cookie(req, 'weft_session');
}

export async function principalFromSession(sso: SsoPort, sealed: string): Promise<Principal> {
  const s = await sso.readSession(sealed);
  return { actor: s.actor, scopes: s.scopes, via: 'oidc', expiresAt: s.expiresAt, csrf: s.csrf, ...(s.name ? { name: s.name } : {}), ...(s.email ? { email: s.email } : {}) };
}

export async function principalFromJwt(sso: SsoPort, jwt: string): Promise<Principal> {
  const s = await sso.verifyBearer(jwt);
  return { actor: s.actor, scopes: s.scopes, via: 'oidc', expiresAt: s.expiresAt, ...(s.name ? { name: s.name } : {}), ...(s.email ? { email: s.email } : {}) };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws the 403 WEFT_ERR_HTTP_CSRF unless a cookie-authenticated unsafe request proves its origin. */
export function checkCsrf(req: FastifyRequest, token: string): void {
  if (SAFE.has(req.method)) return;
  const origin = req.headers.origin;
  // Hosts, not schemes, are compared: behind a TLS-terminating proxy the page is https, the request http.
  if (origin !== undefined && hostOf(origin) !== req.host) {
    throw new GatewayError(GATEWAY_ERROR_CODES.csrf, 403, `a session-cookie request from ${JSON.stringify(origin.slice(0, 100))} is refused: only pages of this server may use the session`);
  }
  const sent = req.headers['x-csrf-token'];
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new GatewayError(GATEWAY_ERROR_CODES.csrf, 403, `${req.method} with the session cookie needs the X-CSRF-Token header set to the weft_csrf cookie's value`);
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Coded errors of single sign-on (OpenID Connect): the start-up configuration, the browser login, bearer
 * JWTs and sessions. 401s count as failed authentications (throttled like wrong API keys); the provider
 * being unreachable is a 502 worth retrying.
 */
import { ErrorTypes, type ErrorFamily, defineErrors } from '../contracts/index.js';

const { authentication, authorization, configuration, communication } = ErrorTypes;

const Oidc = defineErrors('OidcError', {
  /** WEFT_OIDC_* / WEFT_SESSION_* cannot be read: the server does not start. */
  config: {
    code: 'WEFT_ERR_OIDC_CONFIG',
    status: 400,
    title: 'Invalid single sign-on configuration',
    type: configuration,
    meaning: 'The single sign-on settings are invalid, so the server does not start: `WEFT_OIDC_ISSUER` is not an http(s) URL, `WEFT_OIDC_CLIENT_ID` is missing, an entry of `WEFT_OIDC_ROLES` is not `claim:value=namespace:role` with a known role, a duration is not one, or `WEFT_SESSION_SECRET` is too short.',
    action: 'Fix the variable the message names (docs/sso.md lists every setting with examples) and start again.',
  },
  /** The provider could not be reached, or answered something that is not OpenID Connect. */
  provider: {
    code: 'WEFT_ERR_OIDC_PROVIDER',
    status: 502,
    title: 'Identity provider unavailable',
    type: communication,
    meaning: 'The OpenID Connect provider could not be reached or answered unexpectedly: its discovery document (`<issuer>/.well-known/openid-configuration`), its keys (JWKS) or its token endpoint failed.',
    action: 'Check that `WEFT_OIDC_ISSUER` is right and the provider is up and reachable from the server; retry the login.',
  },
  /** The browser login failed: bad or missing state, the provider refused, the code exchange failed. */
  login: {
    code: 'WEFT_ERR_OIDC_LOGIN',
    status: 401,
    type: authentication,
    meaning: 'The single sign-on login did not complete: the callback\'s `state` does not match the login this browser started (or that login is older than 10 minutes), the provider answered with an error (the user declined), the code exchange was refused, or the ID token did not verify (issuer, audience, nonce, times).',
    action: 'Start the login again from the studio (or `GET /auth/login`); if it keeps failing, check the client id, secret and redirect URL registered at the provider (docs/sso.md).',
  },
  /** A bearer JWT that does not verify: signature, issuer, audience, shape. */
  token: {
    code: 'WEFT_ERR_OIDC_TOKEN_INVALID',
    status: 401,
    type: authentication,
    meaning: 'The bearer token is not a JWT this server accepts: its signature does not verify against the provider\'s keys, or its issuer is not `WEFT_OIDC_ISSUER`, or its audience is not `WEFT_OIDC_AUDIENCE` (default: the client id).',
    action: 'Send a token the configured provider issued for this audience, or an API key (`wk_…`).',
  },
  /** A bearer JWT past its `exp` (beyond the allowed clock skew). */
  expired: {
    code: 'WEFT_ERR_OIDC_TOKEN_EXPIRED',
    status: 401,
    type: authentication,
    meaning: 'The bearer token has expired (its `exp` is past, beyond `WEFT_OIDC_CLOCK_SKEW`), or is not valid yet.',
    action: 'Get a fresh token from the provider and send it again.',
  },
  /** The session cookie cannot be opened (tampered with, another server's key) or has expired. */
  session: {
    code: 'WEFT_ERR_OIDC_SESSION',
    status: 401,
    type: authentication,
    meaning: 'The session cookie is not valid: it has expired (`WEFT_SESSION_TTL`), was altered, or was sealed by a server with another session secret (a restart without `WEFT_SESSION_SECRET` or a master key ends every session).',
    action: 'Log in again (`GET /auth/login`, or "Log in with SSO" in the studio).',
  },
  /** Authenticated by the provider, but no claim maps to any role. */
  noRole: {
    code: 'WEFT_ERR_OIDC_NO_ROLE',
    status: 403,
    title: 'No role for this identity',
    type: authorization,
    meaning: 'The provider vouched for the user, but none of their claims matches an entry of `WEFT_OIDC_ROLES`, so they have no role in any namespace and no session was made.',
    action: 'Have the operator map one of the user\'s groups or roles in `WEFT_OIDC_ROLES` (`groups:<group>=<namespace>:<role>`), or add the user to a mapped group at the provider.',
  },
});

export const OIDC_ERROR_CODES = Oidc.codes;

/** Single sign-on's family, as the error catalog lists it. */
export const OIDC_ERRORS: ErrorFamily = Oidc;

export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[keyof typeof OIDC_ERROR_CODES];

export class OidcError extends Oidc.Error {
  /** Only an unreachable provider may answer differently next time. */
  get retryable(): boolean {
    return this.code === OIDC_ERROR_CODES.provider;
  }
}

export const oidcError = (code: OidcErrorCode, message: string, cause?: unknown): OidcError => new OidcError(code, message, { cause });

/**
 * Single sign-on over OpenID Connect: the platform's SsoPort. The browser login is the authorization code
 * flow with PKCE (S256), state and nonce kept sealed in the browser (oidc-seal.ts), the ID token verified
 * with jose against the provider's JWKS (issuer, audience, nonce, times with WEFT_OIDC_CLOCK_SKEW); bearer
 * JWTs (access or ID tokens) are verified the same way against WEFT_OIDC_AUDIENCE. Claims become scopes
 * through WEFT_OIDC_ROLES (oidc-claims.ts).
 *
 * Discovery happens at the first use, not at start, and a failure is retried at the next: a server must
 * not refuse to start (or stay broken) because the provider was briefly down. The JWKS is jose's remote
 * set: cached, refetched when a token names a key id it does not know (a rotation), at most once per
 * cooldown so that made-up key ids cannot make the server hammer the provider.
 * The provider is the operator's choice, so these requests go out directly, not through the egress policy
 * (which is about what workflows and functions reach).
 */
import { createHash, randomBytes } from 'node:crypto';
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { SsoIdentity, SsoPort, SsoSession } from '../platform/index.js';
import type { Role } from '../ports/index.js';
import type { OidcConfig } from './oidc-config.js';
import { scopesFor } from './oidc-claims.js';
import { OIDC_ERROR_CODES, oidcError } from './oidc-errors.js';
import { Sealer } from './oidc-seal.js';
import { isRole } from './roles.js';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

/** How long a verified bearer JWT is remembered (never past its own expiry), and how many at most. */
const TOKEN_CACHE_MS = 60_000;
const TOKEN_CACHE_MAX = 10_000;
/** How long a started login may take before its callback is refused. */
const LOGIN_TTL_MS = 10 * 60_000;
const HTTP_TIMEOUT_MS = 10_000;

const b64url = (b: Buffer) => b.toString('base64url');
const random = () => b64url(randomBytes(32));

export interface OidcOptions {
  config: OidcConfig;
  /** Seals sessions and login state (derived from the session secret). */
  sealer: Sealer;
  now?: () => number;
}

export class Oidc implements SsoPort {
  readonly redirectUrl?: string;
  readonly secureCookies: boolean;
  readonly sessionTtlMs: number;
  private discovery?: Promise<{ meta: Discovery; jwks: JWTVerifyGetKey }>;
  private readonly c: OidcConfig;
  private readonly sealer: Sealer;
  private readonly now: () => number;
  /**
   * Sessions ended by logout, until they would have expired anyway. Sessions are sealed cookies, not server
   * state, so this is what stops a copied cookie after logout; it is per process (docs/sso.md).
   */
  private readonly ended = new Map<string, number>();
  /**
   * Bearer JWTs that verified, by SHA-256 of the token: an RS256 signature check costs a few hundred µs, paid
   * once a minute per token instead of on every request (bench/sso.bench.js). A key the provider withdraws
   * stops its tokens within that minute; an expired token is never served from here.
   */
  private readonly verified = new Map<string, { identity: SsoIdentity; until: number }>();

  constructor(o: OidcOptions) {
    this.c = o.config;
    this.sealer = o.sealer;
    this.now = o.now ?? Date.now;
    if (o.config.redirectUrl) this.redirectUrl = o.config.redirectUrl;
    this.secureCookies = o.config.redirectUrl?.startsWith('https:') ?? false;
    this.sessionTtlMs = o.config.sessionTtlMs;
  }

  async beginLogin(redirectUrl: string): Promise<{ url: string; state: string }> {
    const { meta } = await this.provider();
    const login = { state: random(), nonce: random(), verifier: random(), redirect: redirectUrl };
    const url = new URL(meta.authorization_endpoint);
    const params = {
      response_type: 'code',
      client_id: this.c.clientId,
      redirect_uri: redirectUrl,
      scope: this.c.scopes,
      state: login.state,
      nonce: login.nonce,
      code_challenge: b64url(createHash('sha256').update(login.verifier).digest()),
      code_challenge_method: 'S256',
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { url: url.href, state: await this.sealer.seal('login', login, this.now() + LOGIN_TTL_MS) };
  }

  async completeLogin(o: { query: Record<string, string | undefined>; state: string | undefined; redirectUrl: string }): Promise<{ session: string; identity: SsoSession }> {
    const { query } = o;
    if (query.error) throw oidcError(OIDC_ERROR_CODES.login, `the provider refused the login: ${query.error}${query.error_description ? ` (${query.error_description})` : ''}`);
    if (!o.state) throw oidcError(OIDC_ERROR_CODES.login, 'no login in progress in this browser (its login cookie is missing): start again at /auth/login');
    let login: JWTPayload;
    try {
      login = await this.sealer.open('login', o.state);
    } catch (err) {
      throw oidcError(OIDC_ERROR_CODES.login, 'the login cookie is invalid or older than 10 minutes: start again at /auth/login', err);
    }
    if (!query.state || query.state !== login.state) throw oidcError(OIDC_ERROR_CODES.login, 'the callback\'s state does not match the login this browser started');
    if (!query.code) throw oidcError(OIDC_ERROR_CODES.login, 'the callback carries no authorization code');
    if (login.redirect !== o.redirectUrl) throw oidcError(OIDC_ERROR_CODES.login, `the callback arrived at ${o.redirectUrl}, but the login was started for ${String(login.redirect)}`);
    const { meta, jwks } = await this.provider();
    const idToken = await this.exchange(meta, query.code, String(login.verifier), String(login.redirect));
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(idToken, jwks, { issuer: meta.issuer, audience: this.c.clientId, clockTolerance: this.c.clockSkewSec, requiredClaims: ['sub', 'exp', 'iat'] }));
    } catch (err) {
      throw oidcError(OIDC_ERROR_CODES.login, `the provider's ID token did not verify: ${(err as Error).message}`, err);
    }
    if (claims.nonce !== login.nonce) throw oidcError(OIDC_ERROR_CODES.login, 'the ID token\'s nonce is not the one this login sent');
    // With several audiences, OIDC Core 3.1.3.7 wants the authorized party to be us.
    if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== this.c.clientId) throw oidcError(OIDC_ERROR_CODES.login, 'the ID token was issued to another party (azp)');
    const identity: SsoSession = { ...this.identityOf(claims, this.now() + this.c.sessionTtlMs), csrf: random() };
    const { scopes, ...rest } = identity;
    const session = await this.sealer.seal('session', { ...rest, sid: random(), scopes: scopes.map((s) => `${s.namespace}:${s.role}`) }, identity.expiresAt);
    return { session, identity };
  }

  async readSession(sealed: string): Promise<SsoSession> {
    let p: JWTPayload;
    try {
      p = await this.sealer.open('session', sealed);
    } catch (err) {
      const why = err instanceof joseErrors.JWTExpired ? 'the session has expired' : 'the session cookie is not valid (altered, or sealed with another secret)';
      throw oidcError(OIDC_ERROR_CODES.session, `${why}: log in again`, err);
    }
    const scopes = Array.isArray(p.scopes) ? p.scopes.flatMap((s) => {
      const [namespace, role] = String(s).split(':');
      return namespace && isRole(role) ? [{ namespace, role: role as Role }] : [];
    }) : [];
    if (typeof p.actor !== 'string' || typeof p.csrf !== 'string' || typeof p.expiresAt !== 'number' || typeof p.sid !== 'string') throw oidcError(OIDC_ERROR_CODES.session, 'the session cookie is not valid: log in again');
    if (this.ended.has(p.sid)) throw oidcError(OIDC_ERROR_CODES.session, 'the session was logged out: log in again');
    return {
      actor: p.actor,
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      ...(typeof p.email === 'string' ? { email: p.email } : {}),
      scopes,
      expiresAt: p.expiresAt,
      csrf: p.csrf,
    };
  }

  async verifyBearer(jwt: string): Promise<SsoIdentity> {
    const digest = createHash('sha256').update(jwt).digest('base64');
    const hit = this.verified.get(digest);
    if (hit && hit.until > this.now()) return hit.identity;
    if (hit) this.verified.delete(digest);
    const identity = await this.verifyBearerNow(jwt);
    const until = Math.min(identity.expiresAt, this.now() + TOKEN_CACHE_MS);
    this.verified.set(digest, { identity, until });
    if (this.verified.size > TOKEN_CACHE_MAX) this.verified.delete(this.verified.keys().next().value as string);
    return identity;
  }

  private async verifyBearerNow(jwt: string): Promise<SsoIdentity> {
    const { meta, jwks } = await this.provider();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(jwt, jwks, { issuer: meta.issuer, audience: this.c.audience, clockTolerance: this.c.clockSkewSec, requiredClaims: ['sub', 'exp'] }));
    } catch (err) {
      throw bearerError(err);
    }
    return this.identityOf(claims, (claims.exp as number) * 1000);
  }

  async endSession(sealed: string): Promise<void> {
    const p = await this.sealer.open('session', sealed).catch(() => undefined);
    if (!p || typeof p.sid !== 'string') return;
    const now = this.now();
    for (const [sid, until] of this.ended) if (until <= now) this.ended.delete(sid);
    this.ended.set(p.sid, typeof p.expiresAt === 'number' ? p.expiresAt : now + this.c.sessionTtlMs);
    // Bounded like every per-client table: past it the oldest logouts are forgotten first.
    if (this.ended.size > TOKEN_CACHE_MAX * 10) this.ended.delete(this.ended.keys().next().value as string);
  }

  async logoutUrl(postLogoutRedirectUrl: string): Promise<string | undefined> {
    const { meta } = await this.provider();
    if (!meta.end_session_endpoint) return undefined;
    const url = new URL(meta.end_session_endpoint);
    url.searchParams.set('client_id', this.c.clientId);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUrl);
    return url.href;
  }

  private identityOf(claims: JWTPayload, expiresAt: number): SsoIdentity {
    const scopes = scopesFor(claims, this.c.roles);
    const who = String(claims.preferred_username ?? claims.email ?? claims.sub);
    if (scopes.length === 0) throw oidcError(OIDC_ERROR_CODES.noRole, `${who} signed in, but none of their claims is mapped to a role by WEFT_OIDC_ROLES`);
    const name = claims.name ?? claims.preferred_username;
    return {
      actor: `oidc:${claims.sub}`,
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
      scopes,
      expiresAt,
    };
  }

  /** The code for tokens at the token endpoint (client_secret_basic with a secret, the client id alone without). */
  private async exchange(meta: Discovery, code: string, verifier: string, redirectUrl: string): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUrl, code_verifier: verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.c.clientSecret) {
      // RFC 6749 §2.3.1: both are form-encoded before the Basic encoding.
      const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${enc(this.c.clientId)}:${enc(this.c.clientSecret)}`).toString('base64')}`;
    } else body.set('client_id', this.c.clientId);
    let res: Response;
    try {
      res = await fetch(meta.token_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    } catch (err) {
      throw oidcError(OIDC_ERROR_CODES.provider, `the provider's token endpoint cannot be reached: ${(err as Error).message}`, err);
    }
    const answer = (await res.json().catch(() => ({}))) as { id_token?: unknown; error?: string; error_description?: string };
    if (!res.ok) throw oidcError(OIDC_ERROR_CODES.login, `the provider refused the code exchange (${res.status}${answer.error ? ` ${answer.error}` : ''}${answer.error_description ? `: ${answer.error_description}` : ''})`);
    if (typeof answer.id_token !== 'string') throw oidcError(OIDC_ERROR_CODES.login, 'the provider\'s token answer carries no ID token (is `openid` among WEFT_OIDC_SCOPES?)');
    return answer.id_token;
  }

  /** The discovery document and the JWKS, fetched once; a failure is forgotten so the next call retries. */
  private provider(): Promise<{ meta: Discovery; jwks: JWTVerifyGetKey }> {
    this.discovery ??= this.discover().catch((err: unknown) => {
      this.discovery = undefined;
      throw err;
    });
    return this.discovery;
  }

  private async discover(): Promise<{ meta: Discovery; jwks: JWTVerifyGetKey }> {
    const where = `${this.c.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let meta: Discovery;
    try {
      const res = await fetch(where, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      meta = (await res.json()) as Discovery;
    } catch (err) {
      throw oidcError(OIDC_ERROR_CODES.provider, `the provider's discovery document ${where} cannot be read: ${(err as Error).message}`, err);
    }
    // OIDC Discovery §4.3: the issuer must be exactly the one configured, or tokens could come from elsewhere.
    if (meta.issuer !== this.c.issuer) throw oidcError(OIDC_ERROR_CODES.provider, `the provider at ${where} names itself '${meta.issuer}', not WEFT_OIDC_ISSUER '${this.c.issuer}'`);
    for (const k of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof meta[k] !== 'string') throw oidcError(OIDC_ERROR_CODES.provider, `the provider's discovery document has no ${k}`);
    }
    const jwks = createRemoteJWKSet(new URL(meta.jwks_uri), { cooldownDuration: this.c.jwksCooldownMs, timeoutDuration: HTTP_TIMEOUT_MS });
    return { meta, jwks };
  }
}

/** jose's verdict on a bearer JWT as one of our codes: expired (or not yet valid), provider down, or invalid. */
function bearerError(err: unknown): Error {
  if (err instanceof joseErrors.JWTExpired) return oidcError(OIDC_ERROR_CODES.expired, `the token expired: ${err.message}`, err);
  if (err instanceof joseErrors.JWTClaimValidationFailed && (err.claim === 'nbf' || err.claim === 'iat')) return oidcError(OIDC_ERROR_CODES.expired, `the token is not valid yet: ${err.message}`, err);
  // The key set could not be fetched (down, timed out, not a JWKS): the token may be fine.
  const unreachable = err instanceof joseErrors.JWKSTimeout || (err instanceof TypeError && err.message === 'fetch failed') || (err instanceof joseErrors.JOSEError && err.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/.test(err.message));
  if (unreachable) return oidcError(OIDC_ERROR_CODES.provider, `the provider's keys (JWKS) cannot be read: ${(err as Error).message}`, err);
  return oidcError(OIDC_ERROR_CODES.token, `the token does not verify: ${(err as Error).message}`, err);
}

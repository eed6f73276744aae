/**
 * Access control as the platform's front ends (the HTTP gateway) need it: API keys, the role check and
 * its refusals, the audit log. src/security implements these ports (ApiKeys, AuditLog, accessPolicy)
 * and the CLI passes them in, so a front end never imports security itself (DESIGN.md §2).
 */
import type { Action, Scope } from '../contracts/index.js';
import type { AuditEntry, AuditFilter, AuditRecord } from '../ports/index.js';

/** A key as callers see it: never a hash or salt (times in epoch ms). */
export interface KeyInfo {
  id: string;
  name: string;
  scopes: readonly Scope[];
  createdAt: number;
  createdBy: string;
  expiresAt?: number;
  revokedAt?: number;
  rotatedAt?: number;
  /** End of the overlap window in which the secret before the last rotation still verifies. */
  previousUntil?: number;
}

/** A key and its secret (`wk_<id>_<secret>`), shown this once. */
export interface IssuedKeyInfo {
  record: KeyInfo;
  secret: string;
}

/** API keys: issue, verify, rotate, revoke (security's ApiKeys). */
export interface KeysPort {
  /** The key and its scopes, or a 401 error (see AccessPolicy.isAuthFailure). */
  verify(presented: string): Promise<{ key: KeyInfo; scopes: readonly Scope[] }>;
  create(input: { name: string; scopes: Scope[]; expiresAt?: number; createdBy: string }): Promise<IssuedKeyInfo>;
  list(): Promise<KeyInfo[]>;
  get(id: string): Promise<KeyInfo | undefined>;
  rotate(id: string, options?: { overlapMs?: number }): Promise<IssuedKeyInfo>;
  revoke(id: string): Promise<KeyInfo>;
}

/** What an admin action records (the audit port's entry). */
export type AuditEntryInput = AuditEntry;

/** The hash-chained audit log (security's AuditLog). */
export interface AuditPort {
  record(entry: AuditEntryInput): Promise<unknown>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditRecord[]>;
  /** Recomputes the chain: ok, or the first broken record. */
  verify(): Promise<{ ok: true; count: number } | { ok: false; seq: number; reason: string }>;
}

/** Why a request is refused before (or without) a key check of its own. */
export type Refusal = 'missing' | 'malformed' | 'forbidden' | 'unknownKey';

/** The role check, its refusals and the content hash audit records carry (security's accessPolicy). */
export interface AccessPolicy {
  /** Whether any scope grants `action` in `namespace` (default `default`). */
  can(scopes: readonly Scope[], action: Action, namespace?: string): boolean;
  /** `can`, or throws the 403 problem naming what was missing. */
  authorize(scopes: readonly Scope[], action: Action, namespace?: string): void;
  /** The error (a coded problem: 401, 403 or 404) for a refused request. */
  refuse(reason: Refusal, detail: string): Error;
  /** Whether `err` is a failed authentication (a 401), which counts towards throttling. */
  isAuthFailure(err: unknown): boolean;
  /** SHA-256 of the canonical JSON: the before/after hash of an audited change. */
  contentHash(value: unknown): string;
}

/** How a request was authenticated (`GET /api/v1/me`). */
export type AuthMethod = 'apiKey' | 'oidc' | 'dev';

/** A person signed in through the OpenID Connect provider, as the gateway sees them. */
export interface SsoIdentity {
  /** `oidc:<sub>`: who acts, for the audit log and rate limits. */
  actor: string;
  name?: string;
  email?: string;
  scopes: readonly Scope[];
  /** When the session (or the bearer token) stops being accepted, epoch ms. */
  expiresAt: number;
}

/** A session as its cookie carries it: the identity and the CSRF token bound to it. */
export interface SsoSession extends SsoIdentity {
  csrf: string;
}

/**
 * Single sign-on over OpenID Connect (security's Oidc). The gateway owns HTTP (cookies, redirects, CSRF);
 * this port owns the protocol and the cryptography: login state, code exchange, token and session checks.
 * Every refusal is a coded error: 401s are failed authentications (AccessPolicy.isAuthFailure).
 */
export interface SsoPort {
  /** Where the provider sends the browser back, when configured (else derived from each request). */
  readonly redirectUrl?: string;
  /** Whether cookies must be `Secure` whatever the request's scheme (an https redirect URL). */
  readonly secureCookies: boolean;
  readonly sessionTtlMs: number;
  /** The authorization request: the URL to redirect to and the sealed state (state, nonce, PKCE verifier) for a cookie. */
  beginLogin(redirectUrl: string): Promise<{ url: string; state: string }>;
  /** The callback: checks the state, exchanges the code, verifies the ID token, maps claims; a sealed session. */
  completeLogin(o: { query: Record<string, string | undefined>; state: string | undefined; redirectUrl: string }): Promise<{ session: string; identity: SsoSession }>;
  /** Opens a sealed session cookie (401 when tampered with or expired). */
  readSession(sealed: string): Promise<SsoSession>;
  /** Verifies a bearer JWT from the provider (signature against its JWKS, issuer, audience, times). */
  verifyBearer(jwt: string): Promise<SsoIdentity>;
  /** Ends a session: its cookie is refused from now on, even if a copy is replayed (on this node). */
  endSession(sealed: string): Promise<void>;
  /** The provider's end-session URL for RP-initiated logout, when it has one. */
  logoutUrl(postLogoutRedirectUrl: string): Promise<string | undefined>;
}

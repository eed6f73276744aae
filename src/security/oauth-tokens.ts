/**
 * Access tokens for workflows' `oauth2` / `oidc` authentication policies (HttpRequest.oauth2): requested
 * from the authority's token endpoint through the same outbound client as the call itself (the egress
 * policy applies), cached per grant until shortly before they expire, one request at a time per grant
 * (concurrent calls share it). `oidc` finds the token endpoint in the authority's discovery document
 * (cached too). A refused token request is an `authentication` fault naming the authority and the
 * provider's `error`, never the client secret; a 401 from the API itself drops the cached token, so the
 * next attempt (a retry) gets a new one.
 */
import { createHash } from 'node:crypto';
import { type OAuth2Grant, workflowError } from '../contracts/index.js';
import type { Outbound } from './outbound.js';

/** A token is renewed this long before its `expires_in` runs out. */
const EARLY_MS = 30_000;
/** Without `expires_in`, a token is kept this long. */
const DEFAULT_TTL_MS = 5 * 60_000;
const MAX_CACHED = 1_000;
const DISCOVERY_TTL_MS = 60 * 60_000;

interface Cached {
  token: Promise<string>;
  until: number;
}

export class OAuthTokens {
  private readonly tokens = new Map<string, Cached>();
  private readonly endpoints = new Map<string, { url: Promise<string>; until: number }>();

  constructor(
    private readonly outbound: Pick<Outbound, 'request'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The access token for `grant`: cached, or requested now. */
  token(grant: OAuth2Grant): Promise<string> {
    const key = keyOf(grant);
    const hit = this.tokens.get(key);
    if (hit && hit.until > this.now()) return hit.token;
    const entry: Cached = { token: this.request(grant).then(({ token, ttlMs }) => ((entry.until = this.now() + Math.max(0, ttlMs - EARLY_MS)), token)), until: Infinity };
    // A failed request is not cached: the next call asks again.
    entry.token.catch(() => this.tokens.get(key) === entry && this.tokens.delete(key));
    if (this.tokens.size >= MAX_CACHED) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(key, entry);
    return entry.token;
  }

  /** The API refused the token (401): the next call requests a new one. */
  forget(grant: OAuth2Grant): void {
    this.tokens.delete(keyOf(grant));
  }

  private async request(g: OAuth2Grant): Promise<{ token: string; ttlMs: number }> {
    const endpoint = await this.tokenEndpoint(g);
    const params: Record<string, string> = { grant_type: g.grant };
    if (g.scopes?.length) params.scope = g.scopes.join(' ');
    if (g.audiences?.length) params.audience = g.audiences.join(' ');
    if (g.grant === 'password') Object.assign(params, { username: g.username!, password: g.password! });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (g.client.authentication === 'client_secret_basic') {
      // RFC 6749 §2.3.1: both form-encoded, then Basic.
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(g.client.id!)}:${encodeURIComponent(g.client.secret!)}`).toString('base64')}`;
    } else {
      if (g.client.id !== undefined) params.client_id = g.client.id;
      if (g.client.authentication === 'client_secret_post') params.client_secret = g.client.secret!;
    }
    headers['content-type'] = g.encoding;
    const body = g.encoding === 'application/json' ? JSON.stringify(params) : new URLSearchParams(params).toString();
    const res = await this.outbound.request({ method: 'POST', url: endpoint, headers, body, follow: false });
    const answer = parseJson(res.body.toString('utf8'));
    if (res.status < 200 || res.status >= 300 || typeof answer?.access_token !== 'string') {
      const why = typeof answer?.error === 'string' ? `: ${answer.error}${typeof answer.error_description === 'string' ? ` (${answer.error_description})` : ''}` : '';
      throw workflowError('authentication', `${g.kind} token request to ${g.authority} answered ${res.status}${why}`, undefined, { status: 401 });
    }
    const expiresIn = Number(answer.expires_in);
    return { token: answer.access_token, ttlMs: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_TTL_MS };
  }

  private tokenEndpoint(g: OAuth2Grant): Promise<string> {
    const base = g.authority.replace(/\/+$/, '');
    if (g.kind === 'oauth2') {
      // `endpoints.token` is relative to the authority (a realm path included), or an absolute URL.
      const path = g.tokenPath ?? '/oauth2/token';
      return Promise.resolve(/^https?:\/\//i.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);
    }
    const hit = this.endpoints.get(base);
    if (hit && hit.until > this.now()) return hit.url;
    const url = this.discover(base);
    const entry = { url, until: this.now() + DISCOVERY_TTL_MS };
    url.catch(() => this.endpoints.get(base) === entry && this.endpoints.delete(base));
    this.endpoints.set(base, entry);
    return url;
  }

  private async discover(base: string): Promise<string> {
    const res = await this.outbound.request({ method: 'GET', url: `${base}/.well-known/openid-configuration`, headers: { accept: 'application/json' }, follow: true });
    const meta = parseJson(res.body.toString('utf8'));
    if (res.status !== 200 || typeof meta?.token_endpoint !== 'string') {
      throw workflowError('authentication', `oidc discovery at ${base}/.well-known/openid-configuration answered ${res.status} without a token_endpoint`, undefined, { status: 401 });
    }
    return meta.token_endpoint;
  }
}

function keyOf(g: OAuth2Grant): string {
  // The client secret and password are part of what a token is for, but are kept only as a hash.
  return createHash('sha256').update(JSON.stringify(g)).digest('base64url');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Single sign-on settings from the environment (docs/sso.md). `WEFT_OIDC_ISSUER` turns SSO on; everything
 * else has a default but the client id. Read once at start: a bad value stops the server with
 * WEFT_ERR_OIDC_CONFIG naming the variable, rather than failing the first login.
 */
import { readFileSync } from 'node:fs';
import { type RoleRule, parseRoleRules } from './oidc-claims.js';
import { OIDC_ERROR_CODES, oidcError } from './oidc-errors.js';

export interface OidcConfig {
  /** The issuer exactly as the provider names it (`iss`); discovery is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone); sent with client_secret_basic otherwise. */
  clientSecret?: string;
  /** Fixed callback URL; absent = `<scheme>://<host>/auth/callback` of each login request. */
  redirectUrl?: string;
  /** Audiences accepted on bearer JWTs (default: the client id). */
  audience: string[];
  scopes: string;
  roles: RoleRule[];
  clockSkewSec: number;
  sessionTtlMs: number;
  /** Least time between two JWKS fetches on an unknown key id (jose's cooldown; default 30 s). */
  jwksCooldownMs: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90`, `90s`, `15m`, `8h`, `1d` (a bare number is seconds) → milliseconds. */
export function parseDurationSetting(name: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined || text.trim() === '') return fallbackMs;
  const m = /^(\d{1,9})(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw oidcError(OIDC_ERROR_CODES.config, `${name} must be a duration such as 60s, 15m or 8h; got '${text}'`);
  return Number(m[1]) * UNITS[m[2] ?? 's'];
}

/**
 * `NAME` or the file `NAME_FILE` names (trailing newline dropped), never both: how Weft reads secrets
 * (WEFT_OIDC_CLIENT_SECRET_FILE, WEFT_SESSION_SECRET_FILE, like WEFT_MASTER_KEY_FILE).
 */
export function secretSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const inline = env[name];
  const file = env[`${name}_FILE`];
  if (inline && file) throw oidcError(OIDC_ERROR_CODES.config, `set ${name} or ${name}_FILE, not both`);
  if (inline) return inline;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw oidcError(OIDC_ERROR_CODES.config, `${name}_FILE ${file} cannot be read: ${(err as Error).message}`, err);
  }
}

function httpUrl(name: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (err) {
    throw oidcError(OIDC_ERROR_CODES.config, `${name} must be an http(s) URL; got '${text}'`, err);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw oidcError(OIDC_ERROR_CODES.config, `${name} must be an http(s) URL; got '${text}'`);
  return text;
}

/** The SSO settings, or undefined when `WEFT_OIDC_ISSUER` is unset (SSO off). */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuerText = env.WEFT_OIDC_ISSUER?.trim();
  if (!issuerText) return undefined;
  const issuer = httpUrl('WEFT_OIDC_ISSUER', issuerText);
  const clientId = env.WEFT_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw oidcError(OIDC_ERROR_CODES.config, 'WEFT_OIDC_ISSUER is set but WEFT_OIDC_CLIENT_ID is not: register Weft as a client at the provider and set its client id');
  const clientSecret = secretSetting(env, 'WEFT_OIDC_CLIENT_SECRET');
  const redirect = env.WEFT_OIDC_REDIRECT_URL?.trim();
  const audience = (env.WEFT_OIDC_AUDIENCE ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  const scopes = env.WEFT_OIDC_SCOPES?.trim() || 'openid profile email';
  if (!scopes.split(/\s+/).includes('openid')) throw oidcError(OIDC_ERROR_CODES.config, `WEFT_OIDC_SCOPES must include openid; got '${scopes}'`);
  let roles: RoleRule[];
  try {
    roles = parseRoleRules(env.WEFT_OIDC_ROLES ?? '');
  } catch (err) {
    throw oidcError(OIDC_ERROR_CODES.config, `WEFT_OIDC_ROLES: ${(err as Error).message}`, err);
  }
  if (roles.length === 0) throw oidcError(OIDC_ERROR_CODES.config, 'WEFT_OIDC_ROLES is empty: without a claim → role mapping nobody could do anything; e.g. WEFT_OIDC_ROLES="groups:weft-admins=*:admin"');
  const sessionTtlMs = parseDurationSetting('WEFT_SESSION_TTL', env.WEFT_SESSION_TTL, 8 * 3_600_000);
  if (sessionTtlMs < 60_000) throw oidcError(OIDC_ERROR_CODES.config, `WEFT_SESSION_TTL must be at least 1m; got '${env.WEFT_SESSION_TTL}'`);
  return {
    issuer,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    ...(redirect ? { redirectUrl: httpUrl('WEFT_OIDC_REDIRECT_URL', redirect) } : {}),
    audience: audience.length ? audience : [clientId],
    scopes,
    roles,
    clockSkewSec: Math.round(parseDurationSetting('WEFT_OIDC_CLOCK_SKEW', env.WEFT_OIDC_CLOCK_SKEW, 60_000) / 1000),
    sessionTtlMs,
    jwksCooldownMs: parseDurationSetting('WEFT_OIDC_JWKS_COOLDOWN', env.WEFT_OIDC_JWKS_COOLDOWN, 30_000),
  };
}

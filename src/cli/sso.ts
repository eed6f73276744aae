/**
 * Single sign-on for `weft serve`, from the environment: the settings (security/oidc-config.ts), the
 * secret sessions are sealed with, and the start-up line that says how sessions behave. `weft dev` has no
 * authentication at all (everyone is the local developer), so it never reads these.
 */
import { type MasterKeys, OIDC_ERROR_CODES, Oidc, OidcError, Sealer, oidcConfigFromEnv, secretSetting, sessionSecret } from '../security/index.js';

export interface SsoSetup {
  sso: Oidc;
  /** Said at start: the provider, and where the session secret comes from. */
  notice: string;
}

/** SSO when `WEFT_OIDC_ISSUER` is set; throws WEFT_ERR_OIDC_CONFIG on a bad setting. */
export function ssoFromEnv(env: NodeJS.ProcessEnv, masterKeys: MasterKeys | undefined): SsoSetup | undefined {
  const config = oidcConfigFromEnv(env);
  if (!config) return undefined;
  const secret = sessionSecret(secretSetting(env, 'WEFT_SESSION_SECRET'), masterKeys?.current.key);
  if ('error' in secret) throw new OidcError(OIDC_ERROR_CODES.config, secret.error);
  const sessions =
    secret.source === 'random'
      ? 'sessions are sealed with a key made at start: they end when this server restarts and are not valid on other nodes (set WEFT_SESSION_SECRET or WEFT_MASTER_KEY)'
      : `sessions are sealed with a key derived from ${secret.source}`;
  return {
    sso: new Oidc({ config, sealer: new Sealer(secret.secret) }),
    notice: `single sign-on with ${config.issuer} (client ${config.clientId}, ${config.roles.length} role rule${config.roles.length === 1 ? '' : 's'}); ${sessions}; sessions last ${Math.round(config.sessionTtlMs / 60_000)} min`,
  };
}

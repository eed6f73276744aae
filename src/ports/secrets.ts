import type { Json } from '../shared/index.js';

/**
 * Secret values as runs and functions read them (the vault's cache and the environment's bootstrap
 * secrets, wired in cli/compose.ts); values never enter journals or logs. A value is a string or, for
 * structured credentials (`{username, password}`), a JSON object.
 */
export interface Secrets {
  /**
   * With `run`: what that run may read (`$secrets`: its document's `use.secrets` that its namespace holds
   * or is granted — see security/grants.ts and security/vault.ts). Without: every environment secret.
   */
  all(run?: { namespace: string; definition: Record<string, Json> }): Record<string, Json>;
  /**
   * What function `fn` may read of `names` (its manifest's `secrets`); without this method, `all()`.
   * `version`: the function's version reading them (who read which secret version is noted).
   */
  forFunction?(fn: string, names: readonly string[], version?: string): Record<string, Json>;
}

import type { Json } from '../shared/index.js';

export interface Secrets {
  /**
   * Secret values by name; values never enter journals or logs. With `run`: only what that run may read
   * (`$secrets`: in the platform, its document's `use.secrets` that its namespace is granted — see
   * security/grants.ts). Without: every secret (functions pick their manifest's).
   */
  all(run?: { namespace: string; definition: Record<string, Json> }): Record<string, string>;
}

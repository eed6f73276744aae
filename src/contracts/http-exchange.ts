/** One outbound HTTP exchange as a workflow's `call: http` describes it and the HTTP client port performs it. */
import type { Json } from '../shared/index.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Json;
  /** Follow redirects (the DSL's `redirect`); when false, 3xx statuses are returned as they are. */
  redirect: boolean;
  /**
   * An OAuth2 / OpenID Connect policy (the DSL's `oauth2` / `oidc` authentication): the HTTP client gets
   * an access token from the authority (cached until it expires) and sends it as `Authorization: Bearer`.
   * The token never enters the run: not its journal, not `$authorization`.
   */
  oauth2?: OAuth2Grant;
}

/** What a token request needs: the DSL's OAuth2 properties, checked (src/engine/core/tasks/oauth2-policy.ts). */
export interface OAuth2Grant {
  /** `oidc`: the token endpoint comes from the authority's discovery document; `oauth2`: authority + `tokenPath`. */
  kind: 'oauth2' | 'oidc';
  authority: string;
  /** `endpoints.token` (oauth2; default `/oauth2/token`). */
  tokenPath?: string;
  grant: 'client_credentials' | 'password';
  client: { id?: string; secret?: string; authentication: 'client_secret_basic' | 'client_secret_post' | 'none' };
  encoding: 'application/x-www-form-urlencoded' | 'application/json';
  scopes?: string[];
  audiences?: string[];
  username?: string;
  password?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Json;
}

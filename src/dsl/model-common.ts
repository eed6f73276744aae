/**
 * Definitions shared by workflows and tasks (durations, errors, retries, data flow, endpoints,
 * authentication, events), following spec/workflow.yaml. Re-exported by model.ts, which holds what
 * refers to task lists (so that this file does not import it back).
 */

import type { Json } from '../shared/index.js';

/** A `${ … }` runtime expression. */
export type RuntimeExpression = string;
/** An RFC 6570 URI template (the DSL supports simple `{name}` expansion only). */
export type UriTemplate = string;

// ── shared definitions ───────────────────────────────────────────────────────────────────────────

/** An ISO 8601 duration (`PT30S`), a runtime expression yielding one, or its parts. */
export type Duration = string | DurationParts;
export type DurationParts = {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
};
export type Timeout = {
  after: Duration;
};

/** RFC 9457 problem details, as raised by `raise` and caught by `try`. */
export type Error = {
  type: UriTemplate | RuntimeExpression;
  status: number;
  instance?: string;
  title?: string;
  detail?: string;
};
export type ErrorFilter = {
  type?: string;
  status?: number;
  instance?: string;
  title?: string;
  details?: string;
};

export type RetryPolicy = {
  when?: string;
  exceptWhen?: string;
  delay?: Duration;
  backoff?: { constant: Record<string, Json> } | { exponential: Record<string, Json> } | { linear: Record<string, Json> };
  limit?: { attempt?: { count?: number; duration?: Duration }; duration?: Duration };
  jitter?: { from: Duration; to: Duration };
};

export type Input = {
  schema?: Schema;
  /** Expression (bare jq allowed), or an object whose `${ }` strings are evaluated. */
  from?: string | Record<string, Json>;
};
export type Output = {
  schema?: Schema;
  as?: string | Record<string, Json>;
};
export type Export = {
  schema?: Schema;
  as?: string | Record<string, Json>;
};
export type Schema = {
  format?: string;
  document?: Json;
  resource?: ExternalResource;
};

export type Endpoint = UriTemplate | RuntimeExpression | EndpointConfiguration;
export type EndpointConfiguration = {
  uri: UriTemplate | RuntimeExpression;
  authentication?: ReferenceableAuthenticationPolicy;
};
export type ExternalResource = {
  name?: string;
  endpoint: Endpoint;
};
export type Catalog = {
  endpoint: Endpoint;
};

/** An inline policy, or `{ use: name }` of one in `use.authentications`. */
export type ReferenceableAuthenticationPolicy = { use: string } | AuthenticationPolicy;
/** `{ use: secretName }` takes the scheme's properties from a secret declared in `use.secrets`. */
export type SecretBased = { use: string };
export type AuthenticationPolicy =
  | { basic: { username: string; password: string } | SecretBased }
  | { bearer: { token: string } | SecretBased }
  | { digest: { username: string; password: string } | SecretBased }
  | { oauth2: OAuth2Properties | SecretBased }
  | { oidc: OAuth2Properties | SecretBased };
export type OAuth2Properties = {
  authority?: UriTemplate;
  grant?: 'authorization_code' | 'client_credentials' | 'password' | 'refresh_token' | 'urn:ietf:params:oauth:grant-type:token-exchange';
  client?: { id?: string; secret?: string; assertion?: string; authentication?: string };
  request?: { encoding?: 'application/x-www-form-urlencoded' | 'application/json' };
  issuers?: string[];
  scopes?: string[];
  audiences?: string[];
  username?: string;
  password?: string;
  subject?: { token: string; type: string };
  actor?: { token: string; type: string };
  endpoints?: { token?: string; revocation?: string; introspection?: string };
};

// ── events ───────────────────────────────────────────────────────────────────────────────────────

/** CloudEvents attributes; extension attributes are allowed. */
export type EventProperties = {
  id?: string;
  source?: UriTemplate | RuntimeExpression;
  type?: string;
  time?: string;
  subject?: string;
  datacontenttype?: string;
  dataschema?: UriTemplate | RuntimeExpression;
  data?: Json;
} & { [extension: string]: Json };
export type EventFilter = {
  with: EventProperties;
  /** `from` is an expression (bare jq allowed); `expect` a constant or `${ }` expression. */
  correlate?: Record<string, { from: string; expect?: string }>;
};
export type EventConsumptionStrategy =
  | { all: EventFilter[] }
  | { any: EventFilter[]; until?: string | EventConsumptionStrategy }
  | { one: EventFilter };

/**
 * The error catalog: every family of coded errors, in the order docs/errors.md presents them, and the
 * definition of any code (what the CLI's hint line says). It lives in the CLI because only the CLI may
 * import every module; each family stays defined once, in its module's errors.ts.
 */
import { type ErrorDefinition, type ErrorFamily, STUDIO_ERRORS } from '../contracts/index.js';
import { DSL_ERRORS, DSL_PROBLEMS } from '../dsl/index.js';
import { RUN_ERRORS } from '../engine/index.js';
import { EVENT_ERRORS } from '../events/index.js';
import { EXPR_ERRORS } from '../expr/index.js';
import { DEPLOY_ERRORS, FN_ERRORS } from '../functions/index.js';
import { GATEWAY_ERRORS } from '../gateway/index.js';
import { API_ERRORS } from '../platform/index.js';
import { AUTH_ERRORS, EGRESS_ERRORS, GRANT_ERRORS, OIDC_ERRORS, VAULT_ERRORS } from '../security/index.js';
import { STORE_ERRORS } from '../store/index.js';
import { CLI_ERRORS } from './errors.js';

/** One family as the catalog presents it. */
export interface CatalogSection {
  /** The section's heading: what the codes are about, in users' words. */
  title: string;
  /** Where the family is defined (a path from the repository root). */
  source: string;
  /** Who raises these codes and where users meet them: one short paragraph. */
  about: string;
  family: ErrorFamily;
}

// In the order someone meets them: the command line, documents and runs, functions, the HTTP API and
// what it fronts, then the operator's concerns and the studio.
export const ERROR_CATALOG: readonly CatalogSection[] = [
  {
    title: 'The `weft` command line',
    source: 'src/cli/errors.ts',
    about: 'What a `weft` command refuses by itself, before asking the platform anything. Most are fixed on the command line: such commands exit with status 2 (docs/cli.md lists every exit status).',
    family: CLI_ERRORS,
  },
  {
    title: 'Workflow documents',
    source: 'src/dsl/errors.ts',
    about: 'The answer when a document is not a valid workflow: `weft run`, `weft dev` and `PUT /api/v1/workflows` refuse it with this code and list every problem found in `problems`.',
    family: DSL_ERRORS,
  },
  {
    title: 'Problems in workflow documents',
    source: 'src/dsl/errors.ts',
    about: 'The code of each problem listed in a `WEFT_ERR_DSL_INVALID` answer and of each line `weft validate` prints, beside the JSON pointer of its place. A problem is never an answer of its own, so these have no status. `WEFT_WARN_` codes are warnings: the document stays valid.',
    family: DSL_PROBLEMS,
  },
  {
    title: 'jq expressions',
    source: 'src/expr/errors.ts',
    about: 'jq, the language of runtime expressions (`${ … }`) and of `weft expr`, which prints these with status 400. In a workflow, a failing expression faults its task with the DSL\'s `expression` error instead (the message is the same).',
    family: EXPR_ERRORS,
  },
  {
    title: 'Runs',
    source: 'src/engine/core/errors.ts',
    about: 'The engine\'s own faults: a run that fails with one of these records it as its error, at the task it was running (`instance`).',
    family: RUN_ERRORS,
  },
  {
    title: 'Functions: calling them',
    source: 'src/functions/errors.ts',
    about: 'How a call of a function fails: from a workflow\'s `call:`, `weft fn invoke`, `POST /api/v1/functions/{name}/invoke` or `POST /fn/{name}`. The problem of a failed call is titled after the DSL error type each names (`Function timeout error`, …); a workflow can `try`/`catch` or `retry` on that type.',
    family: FN_ERRORS,
  },
  {
    title: 'Functions: deploying them',
    source: 'src/functions/packaging/errors.ts',
    about: 'What `weft fn deploy`, `weft dev` and `PUT /api/v1/functions/{name}` refuse (manifest, bundle, versions, aliases). Each names something the author must change; none is worth retrying as it is.',
    family: DEPLOY_ERRORS,
  },
  {
    title: 'The HTTP API',
    source: 'src/platform/errors.ts',
    about: 'The platform\'s use cases, shared by the HTTP API and the CLI: workflows, runs and functions looked up, registered, started and controlled.',
    family: API_ERRORS,
  },
  {
    title: 'The HTTP server',
    source: 'src/gateway/errors.ts',
    about: 'What the HTTP server answers before (or instead of) a route: unknown routes, bodies it cannot read, rate limits, malformed HTTP and the Host/Origin checks. Its settings are in docs/security.md.',
    family: GATEWAY_ERRORS,
  },
  {
    title: 'API keys and roles',
    source: 'src/security/errors.ts',
    about: 'Authentication and authorization on the HTTP API (`weft serve` needs a key on every route but the probes), and key management (`/api/v1/keys`). None is worth retrying unchanged.',
    family: AUTH_ERRORS,
  },
  {
    title: 'Single sign-on (OpenID Connect)',
    source: 'src/security/oidc-errors.ts',
    about: 'People logging in through the operator\'s identity provider (`/auth/login`, the studio\'s "Log in with SSO"), their session cookie, and provider-issued JWTs sent as bearer tokens (docs/sso.md). The configuration code stops `weft serve` at start (exit status 2: the fix is in its environment).',
    family: OIDC_ERRORS,
  },
  {
    title: 'The secret vault',
    source: 'src/security/vault-errors.ts',
    about: 'Secrets stored with `weft secrets` or `/api/v1/namespaces/{ns}/secrets`, and the master key that seals them (docs/secrets.md). The master-key codes stop a server at start (exit status 2: the fix is in its environment).',
    family: VAULT_ERRORS,
  },
  {
    title: 'Events, subscriptions, webhooks and schedules',
    source: 'src/events/errors.ts',
    about: 'CloudEvents sent to `POST /api/v1/events` and webhooks, and the definitions of event types, subscriptions, webhooks and schedules.',
    family: EVENT_ERRORS,
  },
  {
    title: 'Outbound HTTP (egress)',
    source: 'src/security/errors.ts',
    about: 'Requests Weft makes for workflows (`call: http`, `call: openapi`) and functions (`ctx.fetch`). A workflow sees each as the DSL\'s `communication` error (title "Communication error") with this code and status; a function as `WEFT_ERR_FN_EGRESS`, with this code at the end of its message. docs/security.md explains the egress policy.',
    family: EGRESS_ERRORS,
  },
  {
    title: 'Namespace grants',
    source: 'src/security/errors.ts',
    about: 'The operator\'s grants between namespaces (`WEFT_SECRET_GRANTS`, `WEFT_RUN_GRANTS`), read at start and checked when a run starts a workflow of another namespace.',
    family: GRANT_ERRORS,
  },
  {
    title: 'The database',
    source: 'src/store/errors.ts',
    about: 'The store under the platform (SQLite or PostgreSQL). Most are handled inside Weft (a conflict is retried, a duplicate idempotency key answers with the existing run); the others reach the caller as they are.',
    family: STORE_ERRORS,
  },
  {
    title: 'The studio\'s designer',
    source: 'src/contracts/studio-errors.ts',
    about: 'Edits the web studio\'s designer refuses; the designer shows the message where the edit was made. They never leave the browser, so they have no status.',
    family: STUDIO_ERRORS,
  },
];

/** Every code once: the first family that defines it (families sharing a code share its definition). */
const BY_CODE = new Map<string, ErrorDefinition>();
for (const { family } of ERROR_CATALOG) for (const d of family.definitions) if (!BY_CODE.has(d.code)) BY_CODE.set(d.code, d);

/** What `code` means and what to do about it; undefined for a code the catalog does not know. */
export function catalogEntry(code: string): ErrorDefinition | undefined {
  return BY_CODE.get(code);
}

/** Every code of the catalog, sorted. */
export function catalogCodes(): string[] {
  return [...BY_CODE.keys()].sort();
}

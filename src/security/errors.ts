/**
 * Coded security errors. Every one is terminal (the same request fails the same way until something
 * changes: a new key, a new role), so `retryable` is always false. `status` is the HTTP status the
 * gateway answers with; `type` is the DSL error type for problem+json and for workflows.
 */
import { ErrorTypes, type ErrorFamily, defineErrors } from '../contracts/index.js';

const { authentication, authorization, validation, configuration, communication } = ErrorTypes;

const Auth = defineErrors('AuthError', {
  /** No credentials were presented on a route that needs them. */
  missing: {
    code: 'WEFT_ERR_AUTH_MISSING',
    status: 401,
    type: authentication,
    meaning: 'The request carries no API key, and this route needs one (in `weft serve`, every route but `/healthz`, `/readyz` and webhooks).',
    action: 'Send `Authorization: Bearer <key>` with a key an admin issued (`POST /api/v1/keys`), or the operator\'s `WEFT_ADMIN_KEY`.',
  },
  /** The presented string is not an API key at all (wrong shape, too long, empty). */
  malformed: {
    code: 'WEFT_ERR_AUTH_MALFORMED',
    status: 401,
    type: authentication,
    meaning: 'What was presented is not an API key: the Authorization header is not `Bearer <key>`, or the key is empty, too long or not shaped `wk_<id>_<secret>`.',
    action: 'Send `Authorization: Bearer wk_<id>_<secret>` with the key exactly as it was issued.',
  },
  /** Unknown key id or wrong secret: one code for both so callers cannot probe which ids exist. */
  invalid: {
    code: 'WEFT_ERR_AUTH_INVALID',
    status: 401,
    type: authentication,
    meaning: 'The API key is unknown or its secret is wrong (one code for both, so that key ids cannot be probed), or it is a `WEFT_ADMIN_KEY` that has since been replaced.',
    action: 'Send a current key; if yours is lost, have an admin issue a new one (`POST /api/v1/keys`).',
  },
  /** The secret is right but the key was revoked. */
  revoked: {
    code: 'WEFT_ERR_AUTH_REVOKED',
    status: 401,
    type: authentication,
    meaning: 'The API key was revoked.',
    action: 'Use another key; an admin issues one with `POST /api/v1/keys`.',
  },
  /** The secret is right but the key (or a rotated-out secret's overlap window) has expired. */
  expired: {
    code: 'WEFT_ERR_AUTH_EXPIRED',
    status: 401,
    type: authentication,
    meaning: 'The API key has expired, or this is a rotated-out secret whose overlap window has ended.',
    action: 'Use the key\'s new secret (returned by `POST /api/v1/keys/{id}/rotate`) or a new key.',
  },
  /** Authenticated, but no scope grants the action in that namespace. */
  forbidden: {
    code: 'WEFT_ERR_AUTH_FORBIDDEN',
    status: 403,
    type: authorization,
    meaning: 'The API key is valid, but none of its scopes allows this action in this namespace; the `detail` names the action and the role it needs.',
    action: 'Use a key with that role in the namespace, or have an admin issue one (`POST /api/v1/keys` with `scopes: [{ namespace, role }]`).',
  },
  /** An admin operation (get, rotate, revoke) names a key id that does not exist. */
  unknownKey: {
    code: 'WEFT_ERR_AUTH_UNKNOWN_KEY',
    status: 404,
    type: validation,
    meaning: 'A key-management request names a key id that does not exist.',
    action: 'Check the id: `GET /api/v1/keys` lists the keys.',
  },
  /** The key exists but cannot take this operation in its state (rotating a revoked key). */
  inactive: {
    code: 'WEFT_ERR_AUTH_KEY_INACTIVE',
    status: 409,
    type: validation,
    meaning: 'The key cannot be rotated: it was revoked or has expired.',
    action: 'Issue a new key with `POST /api/v1/keys` instead.',
  },
  /** A request to create/record something is itself invalid (empty name, unknown role, expiry in the past). */
  badInput: {
    code: 'WEFT_ERR_AUTH_BAD_INPUT',
    status: 400,
    type: validation,
    meaning: 'A key-management request is invalid (an empty name, no scopes, an unknown role, an expiry in the past, a negative overlap, rotating the `WEFT_ADMIN_KEY`), or `WEFT_ADMIN_KEY` itself is unusable.',
    action: 'Fix what the `detail` names: scopes are `[{ namespace, role }]` with a role of admin, developer, operator, viewer or invoker; the `WEFT_ADMIN_KEY` is rotated by changing the variable.',
  },
  /** WEFT_ADMIN_KEY names an existing key id but carries another secret: refusing beats hijacking that key. */
  conflict: {
    code: 'WEFT_ERR_AUTH_CONFLICT',
    status: 409,
    type: configuration,
    meaning: '`WEFT_ADMIN_KEY` is shaped `wk_<id>_<secret>` and names an existing key with another secret: the server refuses to take that key over.',
    action: 'Set `WEFT_ADMIN_KEY` to that key\'s current value, or to a key with an id that is not taken (or a plain secret).',
  },
});

export const AUTH_ERROR_CODES = Auth.codes;

/** The API keys' and roles' family, as the error catalog lists it. */
export const AUTH_ERRORS: ErrorFamily = Auth;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[keyof typeof AUTH_ERROR_CODES];

export class AuthError extends Auth.Error {
  get retryable(): boolean {
    return false;
  }
}

export const authError = (code: AuthErrorCode, message: string, cause?: unknown): AuthError =>
  new AuthError(code, message, { cause });

// As a workflow sees them, every egress failure is a `communication` error with the status a gateway would give.
const Egress = defineErrors('EgressError', {
  /** The destination is refused: a private or special address, a scheme other than http(s), a host off the list. */
  denied: {
    code: 'WEFT_ERR_EGRESS_DENIED',
    status: 403,
    type: communication,
    meaning: 'An outbound request (`call: http`, `call: openapi`, a function\'s `ctx.fetch`) was refused: its address is private or special (loopback, RFC 1918, link-local…) and egress is restricted, its scheme is not http or https, or its host is not in the function\'s `egress` list.',
    action: 'Call a public address, or have the operator let this host through with `WEFT_EGRESS_ALLOW` (a function also needs the host in its manifest\'s `egress`).',
  },
  /** The response body (or its Content-Length) is over the size cap (WEFT_EGRESS_MAX_BODY_BYTES). */
  tooLarge: {
    code: 'WEFT_ERR_EGRESS_TOO_LARGE',
    status: 502,
    type: communication,
    meaning: 'The remote answer\'s body (or its Content-Length) is over the egress size cap (`WEFT_EGRESS_MAX_BODY_BYTES`, 10 MiB by default).',
    action: 'Ask the remote service for less (paging, a filter), or have the operator raise `WEFT_EGRESS_MAX_BODY_BYTES`.',
  },
  /** The whole request, body included, took longer than the time cap (WEFT_EGRESS_TIMEOUT_MS). */
  timeout: {
    code: 'WEFT_ERR_EGRESS_TIMEOUT',
    status: 504,
    type: communication,
    meaning: 'The outbound request, redirects and body included, took longer than the time cap (`WEFT_EGRESS_TIMEOUT_MS`, 30 s by default; a function gets at most the time it has left).',
    action: 'Check the remote service; a slow one can be given more time with the operator\'s `WEFT_EGRESS_TIMEOUT_MS` (and, in a function, a larger `timeoutMs`).',
  },
  /** More redirects than the cap, or a redirect whose Location is not a URL. */
  redirects: {
    code: 'WEFT_ERR_EGRESS_REDIRECTS',
    status: 502,
    type: communication,
    meaning: 'The remote service redirected more than 5 times, or sent a redirect whose Location is not a valid URL.',
    action: 'Call the final URL directly, or fix the redirects at the remote service.',
  },
  /** The request could not be made or its answer not read: DNS failure, refused or reset connection, bad encoding. */
  failed: {
    code: 'WEFT_ERR_EGRESS_FAILED',
    status: 502,
    type: communication,
    meaning: 'The outbound request could not be made or its answer not read: the URL is invalid, the host does not resolve, the connection was refused or reset, or the body\'s encoding is broken.',
    action: 'Check the URL, and that the remote service is up and reachable from the server (DNS, firewall, proxy).',
  },
  /** The operator's egress settings (WEFT_EGRESS, WEFT_EGRESS_ALLOW, the caps) are invalid. */
  config: {
    code: 'WEFT_ERR_EGRESS_CONFIG',
    status: 400,
    type: configuration,
    meaning: 'The egress settings are invalid, so the server does not start: `WEFT_EGRESS` is not `open` or `restricted`, an entry of `WEFT_EGRESS_ALLOW` is not a host name, `*.domain`, IP address or CIDR, or a cap is not a positive integer.',
    action: 'Fix the variable the message names (docs/security.md lists the egress settings) and start again.',
  },
});

export const EGRESS_ERROR_CODES = Egress.codes;

/** The outbound client's family, as the error catalog lists it. */
export const EGRESS_ERRORS: ErrorFamily = Egress;

export type EgressErrorCode = (typeof EGRESS_ERROR_CODES)[keyof typeof EGRESS_ERROR_CODES];

/** A failed outbound request (or refused egress setting). Workflows see it as a `communication` error. */
export class EgressError extends Egress.Error {}

/** The refusal of a destination (kept as its own class: callers test `instanceof EgressDenied`). */
export class EgressDenied extends EgressError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(EGRESS_ERROR_CODES.denied, message, options);
    this.name = 'EgressDenied';
  }
}

// The namespace grants (grants.ts): read from the environment at start, checked on `run: workflow`.
const Grant = defineErrors('GrantError', {
  /** WEFT_SECRET_GRANTS or WEFT_RUN_GRANTS cannot be read: the server refuses to start. */
  syntax: {
    code: 'WEFT_ERR_GRANTS_SYNTAX',
    status: 400,
    title: 'Invalid grant configuration',
    type: configuration,
    meaning: '`WEFT_SECRET_GRANTS` or `WEFT_RUN_GRANTS` cannot be read, so the server does not start.',
    action: 'Fix the variable the message names: `WEFT_SECRET_GRANTS="STRIPE_KEY=shop|billing,SLACK_TOKEN=*"`, `WEFT_RUN_GRANTS="shop->billing|audit,ops->*"`.',
  },
  /** `run: workflow` names a workflow in a namespace the run's namespace is not granted. */
  runForbidden: {
    code: 'WEFT_ERR_RUN_FORBIDDEN',
    status: 403,
    title: 'Authorization error',
    type: authorization,
    meaning: 'A `run: workflow` task tried to start a workflow of another namespace, which its run\'s namespace is not granted; no child run was created.',
    action: 'Have the operator grant it on every node with `WEFT_RUN_GRANTS="<from>-><to>"` (the message gives the exact value), or start a workflow of the run\'s own namespace.',
  },
});

export const GRANT_ERROR_CODES = Grant.codes;

/** The namespace grants' family, as the error catalog lists it. */
export const GRANT_ERRORS: ErrorFamily = Grant;

/** A grant variable that does not parse (status 400, DSL type configuration): the server refuses to start. */
export class GrantSyntaxError extends Grant.Error {
  constructor(message: string) {
    super(GRANT_ERROR_CODES.syntax, message);
    this.name = 'GrantSyntaxError';
  }
}

/**
 * Coded security errors. Every one is terminal (the same request fails the same way until something
 * changes: a new key, a new role), so `retryable` is always false. `status` is the HTTP status the
 * gateway answers with; `type` is the DSL error type for problem+json and for workflows.
 */
import { ErrorTypes, defineErrors } from '../contracts/index.js';

const { authentication, authorization, validation, configuration, communication } = ErrorTypes;

const Auth = defineErrors('AuthError', {
  /** No credentials were presented on a route that needs them. */
  missing: { code: 'WEFT_ERR_AUTH_MISSING', status: 401, type: authentication },
  /** The presented string is not an API key at all (wrong shape, too long, empty). */
  malformed: { code: 'WEFT_ERR_AUTH_MALFORMED', status: 401, type: authentication },
  /** Unknown key id or wrong secret: one code for both so callers cannot probe which ids exist. */
  invalid: { code: 'WEFT_ERR_AUTH_INVALID', status: 401, type: authentication },
  /** The secret is right but the key was revoked. */
  revoked: { code: 'WEFT_ERR_AUTH_REVOKED', status: 401, type: authentication },
  /** The secret is right but the key (or a rotated-out secret's overlap window) has expired. */
  expired: { code: 'WEFT_ERR_AUTH_EXPIRED', status: 401, type: authentication },
  /** Authenticated, but no scope grants the action in that namespace. */
  forbidden: { code: 'WEFT_ERR_AUTH_FORBIDDEN', status: 403, type: authorization },
  /** An admin operation (get, rotate, revoke) names a key id that does not exist. */
  unknownKey: { code: 'WEFT_ERR_AUTH_UNKNOWN_KEY', status: 404, type: validation },
  /** The key exists but cannot take this operation in its state (rotating a revoked key). */
  inactive: { code: 'WEFT_ERR_AUTH_KEY_INACTIVE', status: 409, type: validation },
  /** A request to create/record something is itself invalid (empty name, unknown role, expiry in the past). */
  badInput: { code: 'WEFT_ERR_AUTH_BAD_INPUT', status: 400, type: validation },
  /** WEFT_ADMIN_KEY names an existing key id but carries another secret: refusing beats hijacking that key. */
  conflict: { code: 'WEFT_ERR_AUTH_CONFLICT', status: 409, type: configuration },
});

export const AUTH_ERROR_CODES = Auth.codes;

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
  denied: { code: 'WEFT_ERR_EGRESS_DENIED', status: 403, type: communication },
  /** The response body (or its Content-Length) is over the size cap (WEFT_EGRESS_MAX_BODY_BYTES). */
  tooLarge: { code: 'WEFT_ERR_EGRESS_TOO_LARGE', status: 502, type: communication },
  /** The whole request, body included, took longer than the time cap (WEFT_EGRESS_TIMEOUT_MS). */
  timeout: { code: 'WEFT_ERR_EGRESS_TIMEOUT', status: 504, type: communication },
  /** More redirects than the cap, or a redirect whose Location is not a URL. */
  redirects: { code: 'WEFT_ERR_EGRESS_REDIRECTS', status: 502, type: communication },
  /** The request could not be made or its answer not read: DNS failure, refused or reset connection, bad encoding. */
  failed: { code: 'WEFT_ERR_EGRESS_FAILED', status: 502, type: communication },
  /** The operator's egress settings (WEFT_EGRESS, WEFT_EGRESS_ALLOW, the caps) are invalid. */
  config: { code: 'WEFT_ERR_EGRESS_CONFIG', status: 400, type: configuration },
});

export const EGRESS_ERROR_CODES = Egress.codes;

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

/**
 * Coded security errors. Every one is terminal (the same request fails the same way until something
 * changes: a new key, a new role), so `retryable` is always false. `status` is the HTTP status the
 * gateway answers with; `type` is the DSL error type for problem+json and for workflows.
 */
import { ErrorTypes } from '../engine/index.js';

export const AUTH_ERROR_CODES = {
  /** No credentials were presented on a route that needs them. */
  missing: 'WEFT_ERR_AUTH_MISSING',
  /** The presented string is not an API key at all (wrong shape, too long, empty). */
  malformed: 'WEFT_ERR_AUTH_MALFORMED',
  /** Unknown key id or wrong secret: one code for both so callers cannot probe which ids exist. */
  invalid: 'WEFT_ERR_AUTH_INVALID',
  /** The secret is right but the key was revoked. */
  revoked: 'WEFT_ERR_AUTH_REVOKED',
  /** The secret is right but the key (or a rotated-out secret's overlap window) has expired. */
  expired: 'WEFT_ERR_AUTH_EXPIRED',
  /** Authenticated, but no scope grants the action in that namespace. */
  forbidden: 'WEFT_ERR_AUTH_FORBIDDEN',
  /** An admin operation (get, rotate, revoke) names a key id that does not exist. */
  unknownKey: 'WEFT_ERR_AUTH_UNKNOWN_KEY',
  /** The key exists but cannot take this operation in its state (rotating a revoked key). */
  inactive: 'WEFT_ERR_AUTH_KEY_INACTIVE',
  /** A request to create/record something is itself invalid (empty name, unknown role, expiry in the past). */
  badInput: 'WEFT_ERR_AUTH_BAD_INPUT',
  /** WEFT_ADMIN_KEY names an existing key id but carries another secret: refusing beats hijacking that key. */
  conflict: 'WEFT_ERR_AUTH_CONFLICT',
} as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[keyof typeof AUTH_ERROR_CODES];

const STATUS: Record<AuthErrorCode, number> = {
  WEFT_ERR_AUTH_MISSING: 401,
  WEFT_ERR_AUTH_MALFORMED: 401,
  WEFT_ERR_AUTH_INVALID: 401,
  WEFT_ERR_AUTH_REVOKED: 401,
  WEFT_ERR_AUTH_EXPIRED: 401,
  WEFT_ERR_AUTH_FORBIDDEN: 403,
  WEFT_ERR_AUTH_UNKNOWN_KEY: 404,
  WEFT_ERR_AUTH_KEY_INACTIVE: 409,
  WEFT_ERR_AUTH_BAD_INPUT: 400,
  WEFT_ERR_AUTH_CONFLICT: 409,
};

const KIND: Record<AuthErrorCode, keyof typeof ErrorTypes> = {
  WEFT_ERR_AUTH_MISSING: 'authentication',
  WEFT_ERR_AUTH_MALFORMED: 'authentication',
  WEFT_ERR_AUTH_INVALID: 'authentication',
  WEFT_ERR_AUTH_REVOKED: 'authentication',
  WEFT_ERR_AUTH_EXPIRED: 'authentication',
  WEFT_ERR_AUTH_FORBIDDEN: 'authorization',
  WEFT_ERR_AUTH_UNKNOWN_KEY: 'validation',
  WEFT_ERR_AUTH_KEY_INACTIVE: 'validation',
  WEFT_ERR_AUTH_BAD_INPUT: 'validation',
  WEFT_ERR_AUTH_CONFLICT: 'configuration',
};

export class AuthError extends Error {
  readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthError';
    this.code = code;
  }

  get status(): number {
    return STATUS[this.code];
  }

  /** The DSL error type URI (problem+json `type`). */
  get type(): string {
    return ErrorTypes[KIND[this.code]];
  }

  get retryable(): boolean {
    return false;
  }
}

export const authError = (code: AuthErrorCode, message: string, cause?: unknown): AuthError =>
  new AuthError(code, message, cause === undefined ? undefined : { cause });

export const EGRESS_ERROR_CODES = {
  /** The destination is refused: a private or special address, a scheme other than http(s), a host off the list. */
  denied: 'WEFT_ERR_EGRESS_DENIED',
  /** The response body (or its Content-Length) is over the size cap (WEFT_EGRESS_MAX_BODY_BYTES). */
  tooLarge: 'WEFT_ERR_EGRESS_TOO_LARGE',
  /** The whole request, body included, took longer than the time cap (WEFT_EGRESS_TIMEOUT_MS). */
  timeout: 'WEFT_ERR_EGRESS_TIMEOUT',
  /** More redirects than the cap, or a redirect whose Location is not a URL. */
  redirects: 'WEFT_ERR_EGRESS_REDIRECTS',
  /** The request could not be made or its answer not read: DNS failure, refused or reset connection, bad encoding. */
  failed: 'WEFT_ERR_EGRESS_FAILED',
  /** The operator's egress settings (WEFT_EGRESS, WEFT_EGRESS_ALLOW, the caps) are invalid. */
  config: 'WEFT_ERR_EGRESS_CONFIG',
} as const;

export type EgressErrorCode = (typeof EGRESS_ERROR_CODES)[keyof typeof EGRESS_ERROR_CODES];

// As a workflow sees them, every egress failure is a `communication` error with the status a gateway would give.
const EGRESS_STATUS: Record<EgressErrorCode, number> = {
  WEFT_ERR_EGRESS_DENIED: 403,
  WEFT_ERR_EGRESS_TOO_LARGE: 502,
  WEFT_ERR_EGRESS_TIMEOUT: 504,
  WEFT_ERR_EGRESS_REDIRECTS: 502,
  WEFT_ERR_EGRESS_FAILED: 502,
  WEFT_ERR_EGRESS_CONFIG: 400,
};

/** A failed outbound request (or refused egress setting). Workflows see it as a `communication` error. */
export class EgressError extends Error {
  readonly code: EgressErrorCode;

  constructor(code: EgressErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EgressError';
    this.code = code;
  }

  get status(): number {
    return EGRESS_STATUS[this.code];
  }

  get type(): string {
    return this.code === EGRESS_ERROR_CODES.config ? ErrorTypes.configuration : ErrorTypes.communication;
  }
}

/** The refusal of a destination (kept as its own class: callers test `instanceof EgressDenied`). */
export class EgressDenied extends EgressError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(EGRESS_ERROR_CODES.denied, message, options);
    this.name = 'EgressDenied';
  }
}

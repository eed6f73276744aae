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

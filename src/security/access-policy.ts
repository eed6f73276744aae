/** The platform's AccessPolicy port (platform/access.ts) over this module's roles, errors and hashes. */
import type { AccessPolicy } from '../platform/index.js';
import { contentHash } from './canonical-json.js';
import { AUTH_ERROR_CODES, AuthError } from './errors.js';
import { OidcError } from './oidc-errors.js';
import { authorize, can } from './roles.js';

export const accessPolicy: AccessPolicy = {
  can,
  authorize,
  refuse: (reason, detail) => new AuthError(AUTH_ERROR_CODES[reason], detail),
  isAuthFailure: (err) => (err instanceof AuthError || err instanceof OidcError) && err.status === 401,
  contentHash,
};

/**
 * The permission model's vocabulary, as API keys carry it and the server checks it: roles, actions, and
 * scopes (a role in a namespace; `*` = every namespace). Which role allows which action is the
 * server's (src/security/roles.ts).
 */

export const ROLE_NAMES = ['admin', 'developer', 'operator', 'viewer', 'invoker'] as const;
export type Role = (typeof ROLE_NAMES)[number];

export const ACTIONS = [
  'workflow:read',
  /** Register workflow versions. */
  'workflow:write',
  'run:start',
  'run:read',
  /** Cancel, suspend, resume. */
  'run:control',
  'function:read',
  /** Deploy versions, move aliases. */
  'function:write',
  'function:invoke',
  'key:admin',
  'audit:read',
  'event:publish',
  /** A namespace's secrets: metadata only (values are never returned). */
  'secret:read',
  /** Set new versions, grant, delete. */
  'secret:write',
  /** See what schemas mark `x-weft-sensitive: true` in run and event data (others see `***`). */
  'data:read-sensitive',
] as const;

export type Action = (typeof ACTIONS)[number];

export interface Scope {
  namespace: string;
  role: Role;
}

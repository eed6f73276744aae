/**
 * The permission model: which role may do which action, per namespace. A key holds scopes
 * (`{ namespace, role }`); namespace `*` covers every namespace. Functions are global, not namespaced:
 * callers check function actions in namespace `default` (the default here) unless they have one.
 */
import { ACTIONS, type Action } from '../contracts/index.js';
import type { Role } from '../ports/index.js';
import { AUTH_ERROR_CODES, authError } from './errors.js';

// The actions are part of the API's contract (403 problems name them); the grants below are ours.
export { ACTIONS, type Action };

export const ROLE_NAMES: readonly Role[] = ['admin', 'developer', 'operator', 'viewer', 'invoker'];

export interface Scope {
  namespace: string;
  role: Role;
}

/**
 * Actions that are not about one namespace's content: managing keys (a key can grant any namespace) and
 * reading the audit log (it spans every namespace). They need `admin` on `*`, never a namespaced admin,
 * or a namespace admin could mint a key for `*` and escalate.
 */
export const GLOBAL_ACTIONS: ReadonlySet<Action> = new Set<Action>(['key:admin', 'audit:read']);

export const ROLES: Readonly<Record<Role, readonly Action[]>> = Object.freeze({
  admin: Object.freeze([...ACTIONS]),
  developer: Object.freeze<Action[]>([
    'workflow:read', 'workflow:write', 'function:read', 'function:write',
    'run:start', 'run:read', 'run:control', 'function:invoke', 'event:publish', 'secret:read', 'secret:write',
  ]),
  operator: Object.freeze<Action[]>(['run:start', 'run:read', 'run:control', 'workflow:read', 'function:read', 'function:invoke', 'secret:read']),
  viewer: Object.freeze<Action[]>(['workflow:read', 'run:read', 'function:read', 'secret:read']),
  invoker: Object.freeze<Action[]>(['run:start', 'function:invoke']),
});

/** Sets for the per-request check; built once from ROLES so the table stays the single source. */
const GRANTS = new Map<Role, ReadonlySet<Action>>(ROLE_NAMES.map((r) => [r, new Set(ROLES[r])]));

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && GRANTS.has(value as Role);
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);
}

/** Whether any scope grants `action` in `namespace`. Unknown roles grant nothing (fail closed). */
export function can(scopes: readonly Scope[], action: Action, namespace = 'default'): boolean {
  const global = GLOBAL_ACTIONS.has(action);
  for (const s of scopes) {
    if (global ? s.namespace !== '*' : s.namespace !== '*' && s.namespace !== namespace) continue;
    if (GRANTS.get(s.role)?.has(action)) return true;
  }
  return false;
}

/** `can`, or a WEFT_ERR_AUTH_FORBIDDEN (403) naming what was missing. */
export function authorize(scopes: readonly Scope[], action: Action, namespace = 'default'): void {
  if (can(scopes, action, namespace)) return;
  const where = GLOBAL_ACTIONS.has(action) ? 'role admin on namespace *' : `a role that allows it in namespace ${JSON.stringify(namespace)}`;
  throw authError(AUTH_ERROR_CODES.forbidden, `${action} needs ${where}`);
}

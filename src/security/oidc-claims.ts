/**
 * Claims → scopes: `WEFT_OIDC_ROLES="groups:weft-admins=*:admin,groups:shop-dev=shop:developer"`. Each
 * rule names a claim, a value it must hold (equal, or one of an array) and the role it grants in a
 * namespace (`*` = every one). The claim name is what comes before the LAST `:` on the left, so URL-named
 * claims (Auth0's `https://weft.example/groups`) work; a name that is not a top-level claim is read as a
 * dotted path (Keycloak's `realm_access.roles`). A user matching no rule gets no scope (and no session).
 */
import type { Role } from '../ports/index.js';
import { isRole } from './roles.js';
import type { Scope } from './roles.js';

export interface RoleRule {
  claim: string;
  value: string;
  scope: Scope;
}

const NAMESPACE = /^(\*|[a-z0-9][a-z0-9-]{0,62})$/;

/** Parses the mapping; throws an Error naming the bad entry. */
export function parseRoleRules(text: string): RoleRule[] {
  const rules: RoleRule[] = [];
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = entry.lastIndexOf('=');
    const left = eq < 0 ? '' : entry.slice(0, eq);
    const right = eq < 0 ? '' : entry.slice(eq + 1);
    const colon = left.lastIndexOf(':');
    const [namespace, role, extra] = right.split(':');
    if (colon <= 0 || colon === left.length - 1 || extra !== undefined || !namespace || !role) {
      throw new Error(`expected claim:value=namespace:role, got '${entry}'`);
    }
    if (!NAMESPACE.test(namespace)) throw new Error(`'${namespace}' in '${entry}' is not a namespace name or *`);
    if (!isRole(role)) throw new Error(`'${role}' in '${entry}' is not a role (admin, developer, operator, viewer, invoker)`);
    rules.push({ claim: left.slice(0, colon), value: left.slice(colon + 1), scope: { namespace, role: role as Role } });
  }
  return rules;
}

function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let v: unknown = claims;
  for (const part of name.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function holds(v: unknown, value: string): boolean {
  if (Array.isArray(v)) return v.some((x) => holds(x, value));
  return (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && String(v) === value;
}

/** The scopes `claims` earn under `rules`, without duplicates (empty = no role anywhere). */
export function scopesFor(claims: Record<string, unknown>, rules: readonly RoleRule[]): Scope[] {
  const out = new Map<string, Scope>();
  for (const r of rules) if (holds(claimValue(claims, r.claim), r.value)) out.set(`${r.scope.namespace}:${r.scope.role}`, r.scope);
  return [...out.values()];
}

import { describe, expect, it } from 'vitest';
import type { Role } from '../ports/index.js';
import { AuthError } from './errors.js';
import { ACTIONS, type Action, ROLES, authorize, can } from './roles.js';

/** Written out by hand from the issue, not derived from ROLES, so a wrong table entry fails here. */
const EXPECTED: Record<Role, Action[]> = {
  admin: [...ACTIONS],
  developer: ['workflow:read', 'workflow:write', 'run:start', 'run:read', 'run:control', 'function:read', 'function:write', 'function:invoke', 'event:publish', 'secret:read', 'secret:write'],
  operator: ['run:start', 'run:read', 'run:control', 'workflow:read', 'function:read', 'function:invoke', 'secret:read'],
  viewer: ['workflow:read', 'run:read', 'function:read', 'secret:read'],
  invoker: ['run:start', 'function:invoke'],
};
const NAMESPACED = ACTIONS.filter((a) => a !== 'key:admin' && a !== 'audit:read');
const roles = Object.keys(EXPECTED) as Role[];

describe('roles', () => {
  it('lists exactly the fourteen actions', () => {
    expect([...ACTIONS].sort()).toEqual(
      ['workflow:read', 'workflow:write', 'run:start', 'run:read', 'run:control', 'function:read', 'function:write', 'function:invoke', 'key:admin', 'audit:read', 'event:publish', 'secret:read', 'secret:write', 'data:read-sensitive'].sort(),
    );
  });

  it.each(roles)('the ROLES table grants %s exactly the expected actions', (role) => {
    expect([...ROLES[role]].sort()).toEqual([...EXPECTED[role]].sort());
  });

  describe.each(roles)('%s', (role) => {
    it.each(NAMESPACED)(`%s: allowed in its own namespace iff granted, never in another`, (action) => {
      const granted = EXPECTED[role].includes(action);
      expect(can([{ namespace: 'sales', role }], action, 'sales')).toBe(granted);
      expect(can([{ namespace: 'sales', role }], action, 'hr')).toBe(false);
      expect(can([{ namespace: '*', role }], action, 'hr')).toBe(granted);
    });
  });

  it.each(['key:admin', 'audit:read'] as const)('%s needs admin on * — a namespace admin is refused', (action) => {
    expect(can([{ namespace: '*', role: 'admin' }], action)).toBe(true);
    expect(can([{ namespace: 'default', role: 'admin' }], action)).toBe(false);
    expect(can([{ namespace: 'default', role: 'admin' }], action, 'default')).toBe(false);
    for (const role of roles.filter((r) => r !== 'admin')) expect(can([{ namespace: '*', role }], action)).toBe(false);
  });

  it('checks function actions in namespace default unless one is given', () => {
    const dev = [{ namespace: 'default', role: 'developer' as const }];
    expect(can(dev, 'function:write')).toBe(true);
    expect(can(dev, 'function:write', 'other')).toBe(false);
    expect(can([{ namespace: 'other', role: 'developer' }], 'function:write')).toBe(false);
  });

  it('combines scopes: any one granting is enough', () => {
    const scopes = [{ namespace: 'a', role: 'viewer' as const }, { namespace: 'b', role: 'developer' as const }];
    expect(can(scopes, 'workflow:write', 'b')).toBe(true);
    expect(can(scopes, 'workflow:write', 'a')).toBe(false);
    expect(can(scopes, 'workflow:read', 'a')).toBe(true);
  });

  it('a request for namespace * is only granted by a * scope', () => {
    expect(can([{ namespace: 'a', role: 'admin' }], 'run:read', '*')).toBe(false);
    expect(can([{ namespace: '*', role: 'viewer' }], 'run:read', '*')).toBe(true);
  });

  it('fails closed on no scopes and unknown roles', () => {
    expect(can([], 'run:read')).toBe(false);
    expect(can([{ namespace: '*', role: 'root' as Role }], 'run:read')).toBe(false);
  });

  it('authorize throws WEFT_ERR_AUTH_FORBIDDEN (403) and passes when allowed', () => {
    expect(() => authorize([{ namespace: 'default', role: 'viewer' }], 'run:start', 'default')).toThrow(AuthError);
    try {
      authorize([{ namespace: 'default', role: 'admin' }], 'key:admin');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'WEFT_ERR_AUTH_FORBIDDEN', status: 403, retryable: false });
      expect((err as AuthError).type).toMatch(/errors\/authorization$/);
      expect((err as Error).message).toMatch(/admin on namespace \*/);
    }
    expect(() => authorize([{ namespace: 'default', role: 'invoker' }], 'run:start')).not.toThrow();
  });
});

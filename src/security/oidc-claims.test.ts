import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRoleRules, scopesFor } from './oidc-claims.js';
import { oidcConfigFromEnv, parseDurationSetting, secretSetting } from './oidc-config.js';

describe('WEFT_OIDC_ROLES', () => {
  it('maps claim values (strings, arrays, dotted paths, URL-named claims) to scopes, without duplicates', () => {
    const rules = parseRoleRules('groups:weft-admins=*:admin, groups:shop-dev=shop:developer,realm_access.roles:viewer=*:viewer,https://weft.example/groups:ops=ops:operator,groups:shop-dev=shop:developer');
    expect(rules).toHaveLength(5);
    expect(scopesFor({ groups: ['shop-dev', 'x'] }, rules)).toEqual([{ namespace: 'shop', role: 'developer' }]);
    expect(scopesFor({ groups: 'weft-admins' }, rules)).toEqual([{ namespace: '*', role: 'admin' }]);
    expect(scopesFor({ realm_access: { roles: ['viewer'] } }, rules)).toEqual([{ namespace: '*', role: 'viewer' }]);
    expect(scopesFor({ 'https://weft.example/groups': ['ops'] }, rules)).toEqual([{ namespace: 'ops', role: 'operator' }]);
    expect(scopesFor({ groups: ['staff'], sub: 'x' }, rules)).toEqual([]);
    // Nothing leaks through the prototype chain.
    expect(scopesFor({}, parseRoleRules('constructor.name:Object=*:admin'))).toEqual([]);
  });

  it.each(['groups=shop:developer', 'groups:x=shop', 'groups:x=shop:wizard', 'groups:x=Shop!:viewer', ':x=shop:viewer', 'groups:=shop:viewer', 'groups:x=a:b:c'])('refuses %s', (text) => {
    expect(() => parseRoleRules(text)).toThrow();
  });
});

describe('settings', () => {
  it('durations: bare seconds or a unit', () => {
    expect(parseDurationSetting('X', '90', 1)).toBe(90_000);
    expect(parseDurationSetting('X', '8h', 1)).toBe(8 * 3_600_000);
    expect(parseDurationSetting('X', undefined, 7)).toBe(7);
    expect(() => parseDurationSetting('X', '1 week', 1)).toThrow(/X must be a duration/);
  });

  it('defaults: audience = client id, scopes, skew 60 s, session 8 h; off without an issuer', () => {
    expect(oidcConfigFromEnv({})).toBeUndefined();
    expect(oidcConfigFromEnv({ WEFT_OIDC_ISSUER: 'https://idp.example', WEFT_OIDC_CLIENT_ID: 'weft', WEFT_OIDC_ROLES: 'groups:a=*:viewer' })).toMatchObject({
      audience: ['weft'],
      scopes: 'openid profile email',
      clockSkewSec: 60,
      sessionTtlMs: 8 * 3_600_000,
      jwksCooldownMs: 30_000,
    });
  });
});

describe('secrets from files', () => {
  it('reads WEFT_OIDC_CLIENT_SECRET_FILE (without its trailing newline), refuses both forms at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-oidc-'));
    try {
      writeFileSync(join(dir, 's'), 'from-a-file\n');
      expect(secretSetting({ WEFT_OIDC_CLIENT_SECRET_FILE: join(dir, 's') }, 'WEFT_OIDC_CLIENT_SECRET')).toBe('from-a-file');
      expect(() => secretSetting({ WEFT_OIDC_CLIENT_SECRET: 'x', WEFT_OIDC_CLIENT_SECRET_FILE: join(dir, 's') }, 'WEFT_OIDC_CLIENT_SECRET')).toThrow(/not both/);
      expect(() => secretSetting({ WEFT_OIDC_CLIENT_SECRET_FILE: join(dir, 'missing') }, 'WEFT_OIDC_CLIENT_SECRET')).toThrow(/cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { groupSecrets, namespacesOf } from './secret-list.js';
import { placeProblem, rotationTarget, secretPath, splitRotationTarget } from './secret-types.js';
import type { Secret } from './secret-types.js';

const secret = (namespace: string, name: string, description = ''): Secret => ({
  namespace, name, description, version: 1, grants: { namespaces: [], functions: [] }, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'dev', updatedAt: '2026-01-01T00:00:00.000Z',
});
const items = [secret('shop', 'STRIPE_KEY', 'payments'), secret('ops', 'PAGER'), secret('shop', 'DB', 'Postgres'), secret('billing', 'stripe_webhook')];

describe('the secrets list', () => {
  it('groups by namespace, both sorted', () => {
    expect(namespacesOf(items)).toEqual(['billing', 'ops', 'shop']);
    expect(groupSecrets(items, { namespace: '', query: '' }).map((g) => [g.namespace, g.secrets.map((s) => s.name)])).toEqual([
      ['billing', ['stripe_webhook']],
      ['ops', ['PAGER']],
      ['shop', ['DB', 'STRIPE_KEY']],
    ]);
  });

  it('filters by namespace and by name or description, case-insensitively', () => {
    expect(groupSecrets(items, { namespace: 'shop', query: '' }).map((g) => g.namespace)).toEqual(['shop']);
    expect(groupSecrets(items, { namespace: '', query: ' stripe ' }).map((g) => [g.namespace, g.secrets.map((s) => s.name)])).toEqual([
      ['billing', ['stripe_webhook']],
      ['shop', ['STRIPE_KEY']],
    ]);
    expect(groupSecrets(items, { namespace: '', query: 'postgres' })[0].secrets[0].name).toBe('DB');
    expect(groupSecrets(items, { namespace: 'ops', query: 'stripe' })).toEqual([]);
  });
});

describe('names, paths and rotation targets', () => {
  it('checks a place as the vault does', () => {
    expect(placeProblem('shop', 'STRIPE_KEY')).toBeUndefined();
    expect(placeProblem('shop', '_db.main-2')).toBeUndefined();
    expect(placeProblem('shop-', 'X')).toMatch(/^a namespace/);
    expect(placeProblem('shop', '9X')).toMatch(/^a name/);
    expect(placeProblem('shop', '')).toMatch(/^a name/);
  });

  it('escapes path segments and writes name:ref', () => {
    expect(secretPath('shop', 'db.main', 'versions')).toBe('/api/v1/namespaces/shop/secrets/db.main/versions');
    expect(secretPath('a b', 'x/y')).toBe('/api/v1/namespaces/a%20b/secrets/x%2Fy');
    expect(rotationTarget('mint', '')).toBe('mint');
    expect(rotationTarget('mint', 'live')).toBe('mint:live');
    expect(splitRotationTarget('mint')).toEqual({ fn: 'mint', ref: '' });
    expect(splitRotationTarget('mint:1.0.0')).toEqual({ fn: 'mint', ref: '1.0.0' });
  });
});

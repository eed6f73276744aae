import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import type { SecretStore } from '../ports/index.js';
import { generateMasterKey, masterKeysFromEnv, parseMasterKey } from './master-keys.js';
import { VAULT_ERROR_CODES } from './vault-errors.js';
import { Vault } from './vault.js';

const K1 = generateMasterKey();
const K2 = generateMasterKey();
const keys = (current: string, previous?: string) => masterKeysFromEnv({ WEFT_MASTER_KEY: current, ...(previous ? { WEFT_MASTER_KEY_PREVIOUS: previous } : {}) });

function setup(env = keys(K1), store: SecretStore = new MemoryStore().secrets) {
  let now = 1_700_000_000_000;
  const changes: number[] = [];
  const vault = new Vault({ store, keys: env, now: () => now, onChange: () => changes.push(now) });
  return { vault, store, changes, advance: (ms: number) => (now += ms) };
}

/** Everything the store holds for a secret, as text: what an attacker with the database sees. */
async function stored(store: SecretStore): Promise<string> {
  const out: unknown[] = [];
  for (const r of await store.list()) out.push(r, await store.versions(r.namespace, r.name));
  return JSON.stringify(out);
}

describe('Vault', () => {
  it('stores a value sealed (nothing in clear in the store) and reads it back from the cache', async () => {
    const { vault, store, changes } = setup();
    await vault.open();
    const r = await vault.set('shop', 'STRIPE_KEY', 'sk_live_very_secret_value', 'admin', { description: 'payments' });
    expect(r).toMatchObject({ namespace: 'shop', name: 'STRIPE_KEY', current: 1, description: 'payments', grants: { namespaces: [], functions: [] } });
    expect(vault.read('shop', 'STRIPE_KEY')).toBe('sk_live_very_secret_value');
    await vault.set('shop', 'DB', { username: 'app', password: 'hunter2-but-longer' }, 'admin');
    const text = await stored(store);
    for (const clear of ['sk_live_very_secret_value', 'hunter2-but-longer', Buffer.from('sk_live_very_secret_value').toString('base64')]) expect(text).not.toContain(clear);
    expect(changes).toHaveLength(2);
    // Another process (a restart) reads the same values through the master key.
    const again = new Vault({ store, keys: keys(K1), now: () => 0 });
    await again.open();
    expect(again.read('shop', 'DB')).toEqual({ username: 'app', password: 'hunter2-but-longer' });
  });

  it('versions every change; the version before stays readable for the overlap window', async () => {
    const { vault, advance } = setup();
    await vault.set('shop', 'TOKEN', 'one', 'admin');
    const r2 = await vault.set('shop', 'TOKEN', 'two', 'rotator', { overlapMs: 60_000 });
    expect(r2).toMatchObject({ current: 2, previous: { version: 1 }, rotatedAt: expect.any(Number) });
    expect(vault.read('shop', 'TOKEN')).toBe('two');
    expect(vault.readWithPrevious('shop', 'TOKEN')).toEqual(['two', 'one']);
    advance(60_001);
    expect(vault.readWithPrevious('shop', 'TOKEN')).toEqual(['two']);
    const r3 = await vault.set('shop', 'TOKEN', 'three', 'admin', { overlapMs: 0 });
    expect(r3).not.toHaveProperty('previous');
    expect((await vault.versions('shop', 'TOKEN')).map((v) => [v.version, v.createdBy])).toEqual([[3, 'admin'], [2, 'rotator'], [1, 'admin']]);
  });

  it('says a version was rotated in only when it replaced one: never on the first version, nor on a grant or a schedule', async () => {
    const { vault, advance } = setup();
    const first = await vault.set('shop', 'TOKEN', 'one', 'admin');
    expect(first).not.toHaveProperty('rotatedAt');
    expect(await vault.info('shop', 'TOKEN')).not.toHaveProperty('rotatedAt');
    advance(1_000);
    const granted = await vault.grant('shop', 'TOKEN', { namespaces: ['billing'] });
    expect(granted).not.toHaveProperty('rotatedAt');
    advance(1_000);
    const second = await vault.set('shop', 'TOKEN', 'two', 'admin');
    expect(second.rotatedAt).toBe(second.updatedAt);
    expect(second.rotatedAt).toBe((await vault.versions('shop', 'TOKEN'))[0].createdAt);
    advance(1_000);
    expect((await vault.grant('shop', 'TOKEN', { functions: ['f'] })).rotatedAt).toBe(second.rotatedAt);
  });

  it('refuses a rotation schedule whose function is not deployed, with a coded problem that keeps the cause', async () => {
    const deployed = new Set(['rotate', 'rotate:live']);
    const store = new MemoryStore().secrets;
    const vault = new Vault({
      store, keys: keys(K1), now: () => 0,
      resolveFunction: async (name, ref) => {
        if (!deployed.has(ref === undefined ? name : `${name}:${ref}`)) throw new Error(`function ${name} not found`);
      },
    });
    await vault.set('shop', 'TOKEN', 'one', 'admin');
    for (const fn of ['missing', 'rotate:nope', 'rotate:9.9.9']) {
      const err = await vault.schedule('shop', 'TOKEN', { everyMs: 86_400_000, function: fn }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: VAULT_ERROR_CODES.rotationFunction, status: 422, message: expect.stringContaining(fn), cause: { message: expect.stringContaining('not found') } });
    }
    expect(await vault.info('shop', 'TOKEN')).not.toHaveProperty('rotation');
    expect((await vault.schedule('shop', 'TOKEN', { everyMs: 86_400_000, function: 'rotate:live' })).rotation).toMatchObject({ function: 'rotate:live' });
  });

  it('refuses to start on a database sealed under another master key, or with none, and says which', async () => {
    const { vault, store } = setup();
    await vault.set('shop', 'TOKEN', 'v', 'admin');
    const wrong = new Vault({ store, keys: keys(K2), now: () => 0 });
    await expect(wrong.open()).rejects.toMatchObject({ code: VAULT_ERROR_CODES.wrongMasterKey, message: expect.stringContaining(parseMasterKey(K1, 'k').id) });
    await expect(new Vault({ store, keys: undefined, now: () => 0 }).open()).rejects.toMatchObject({ code: VAULT_ERROR_CODES.noMasterKey });
    // An empty vault needs no key; writing does.
    const none = new Vault({ store: new MemoryStore().secrets, keys: undefined, now: () => 0 });
    await none.open();
    expect(none.enabled).toBe(false);
    await expect(none.set('shop', 'X', 'v', 'admin')).rejects.toMatchObject({ code: VAULT_ERROR_CODES.noMasterKey, status: 503 });
  });

  it('detects a sealed value moved onto another secret or version (authenticated place)', async () => {
    const { vault, store } = setup();
    await vault.set('shop', 'A', 'value-a', 'admin');
    await vault.set('shop', 'B', 'value-b', 'admin');
    const a = (await store.getVersion('shop', 'A', 1))!;
    const recordA = (await store.get('shop', 'A'))!;
    // Copy A's sealed value and wrapped key over B's: same master key, wrong place.
    await store.delete('shop', 'B');
    await store.putVersion({ ...recordA, name: 'B' }, { ...a, name: 'B' }, 0);
    await expect(new Vault({ store, keys: keys(K1), now: () => 0 }).open()).rejects.toMatchObject({ code: VAULT_ERROR_CODES.corrupt });
  });

  it('rekeys: with the old key as previous every data key is re-wrapped under the new one, values unchanged', async () => {
    const { vault, store } = setup(keys(K1));
    for (let i = 0; i < 150; i++) await vault.set('shop', `S${i}`, `value-${i}`, 'admin');
    await vault.set('shop', 'S0', 'value-0b', 'admin');
    const switching = new Vault({ store, keys: keys(K2, K1), now: () => 0 });
    await switching.open();
    expect(switching.read('shop', 'S7')).toBe('value-7');
    // New versions are sealed under the new key at once.
    await switching.set('shop', 'NEW', 'fresh', 'admin');
    expect(await switching.rekey()).toEqual({ rewrapped: 151, masterKeyId: parseMasterKey(K2, 'k').id });
    expect(await switching.rekey()).toMatchObject({ rewrapped: 0 });
    expect(await store.keyIds()).toEqual([parseMasterKey(K2, 'k').id]);
    const after = new Vault({ store, keys: keys(K2), now: () => 0 });
    await after.open();
    expect([after.read('shop', 'S0'), after.read('shop', 'S149'), after.read('shop', 'NEW')]).toEqual(['value-0b', 'value-149', 'fresh']);
    await expect(new Vault({ store, keys: keys(K1), now: () => 0 }).open()).rejects.toMatchObject({ code: VAULT_ERROR_CODES.wrongMasterKey });
  });

  it('gives a run what its document declares and its namespace holds or is granted; a function what it lists and is granted', async () => {
    const { vault } = setup();
    await vault.set('shop', 'STRIPE', 'sk', 'admin');
    await vault.set('shop', 'OWN', 'own', 'admin');
    await vault.set('ops', 'PAGER', 'pg', 'admin');
    await vault.set('default', 'SMTP', { host: 'mail', password: 'pw' }, 'admin');
    expect(vault.forRun('shop', ['STRIPE', 'PAGER', 'MISSING'])).toEqual({ STRIPE: 'sk' });
    await vault.grant('ops', 'PAGER', { namespaces: ['shop'] });
    expect(vault.forRun('shop', ['PAGER'])).toEqual({ PAGER: 'pg' });
    expect(vault.forRun('billing', ['PAGER', 'STRIPE'])).toEqual({});
    // Undeclared: nothing, even when held.
    expect(vault.forRun('shop', [])).toEqual({});

    expect(vault.forFunction('mailer', ['SMTP', 'shop/STRIPE'])).toEqual({});
    await vault.grant('default', 'SMTP', { functions: ['mailer'] });
    await vault.grant('shop', 'STRIPE', { functions: ['*'] });
    expect(vault.forFunction('mailer', ['SMTP', 'shop/STRIPE', 'shop/OWN'])).toEqual({ SMTP: { host: 'mail', password: 'pw' }, 'shop/STRIPE': 'sk' });
    const revoked = await vault.grant('default', 'SMTP', { functions: ['mailer'] }, true);
    expect(revoked.grants).toEqual({ namespaces: [], functions: [] });
    expect(vault.forFunction('mailer', ['SMTP'])).toEqual({});
  });

  it('refuses bad names, values, overlaps and grants with clear problems; unknown secrets are 404', async () => {
    const { vault } = setup();
    await expect(vault.set('Bad NS', 'X', 'v', 'a')).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid, status: 400 });
    await expect(vault.set('shop', '../etc', 'v', 'a')).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid });
    for (const bad of ['', 42, null, ['a'], true]) await expect(vault.set('shop', 'X', bad as never, 'a')).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid });
    await expect(vault.set('shop', 'X', 'x'.repeat(70_000), 'a')).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid, message: expect.not.stringContaining('xxxx') });
    await expect(vault.set('shop', 'X', 'v', 'a', { overlapMs: -1 })).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid });
    await vault.set('shop', 'X', 'v', 'a');
    await expect(vault.grant('shop', 'X', { namespaces: ['no spaces'] })).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid });
    await expect(vault.info('shop', 'NOPE')).rejects.toMatchObject({ code: VAULT_ERROR_CODES.notFound, status: 404 });
    await expect(vault.delete('shop', 'NOPE')).rejects.toMatchObject({ code: VAULT_ERROR_CODES.notFound });
    await vault.delete('shop', 'X');
    expect(vault.read('shop', 'X')).toBeUndefined();
  });

  it('one of two writers racing on the same version wins; the other gets a conflict to retry', async () => {
    const store = new MemoryStore().secrets;
    const a = setup(keys(K1), store).vault;
    const b = setup(keys(K1), store).vault;
    await a.set('shop', 'T', 'v1', 'a');
    const results = await Promise.allSettled([a.set('shop', 'T', 'from-a', 'a'), b.set('shop', 'T', 'from-b', 'b')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: VAULT_ERROR_CODES.conflict, status: 409 } });
  });
});

describe('master keys', () => {
  it('reads base64, base64url or hex, from the variable or a file; refuses anything else', () => {
    const hex = Buffer.from(K1, 'base64').toString('hex');
    expect(parseMasterKey(hex, 'x').id).toBe(parseMasterKey(K1, 'x').id);
    expect(parseMasterKey(K1.replace(/\+/g, '-').replace(/\//g, '_'), 'x').id).toBe(parseMasterKey(K1, 'x').id);
    expect(parseMasterKey(K1, 'x').id).toMatch(/^mk_[0-9a-f]{16}$/);
    for (const bad of ['short', 'x'.repeat(44), Buffer.alloc(16).toString('base64')]) expect(() => parseMasterKey(bad, 'WEFT_MASTER_KEY')).toThrow(expect.objectContaining({ code: VAULT_ERROR_CODES.badMasterKey }));
    expect(masterKeysFromEnv({})).toBeUndefined();
    expect(() => masterKeysFromEnv({ WEFT_MASTER_KEY_PREVIOUS: K1 })).toThrow(expect.objectContaining({ code: VAULT_ERROR_CODES.badMasterKey }));
    expect(() => masterKeysFromEnv({ WEFT_MASTER_KEY: K1, WEFT_MASTER_KEY_FILE: '/x' })).toThrow(/not both/);
    expect(() => masterKeysFromEnv({ WEFT_MASTER_KEY_FILE: '/nonexistent/key' })).toThrow(/cannot be read/);
    // The same key as previous is no rekey.
    expect(masterKeysFromEnv({ WEFT_MASTER_KEY: K1, WEFT_MASTER_KEY_PREVIOUS: K1 })).not.toHaveProperty('previous');
  });
});

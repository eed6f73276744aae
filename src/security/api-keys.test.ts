import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord, KeyStore } from '../ports/index.js';
// Tests only: the logic runs against the real adapters; production code in security/ never imports store/.
import { MemoryStore, SqliteStore } from '../store/index.js';
import { ApiKeys, type ApiKeysOptions, ENV_ADMIN_ID } from './api-keys.js';
import { AuthError } from './errors.js';

const T0 = 1_700_000_000_000;
const KEY_SHAPE = /^wk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

interface Harness {
  keys: KeyStore;
  close(): Promise<void>;
}

const stores: [string, () => Harness][] = [
  ['memory', () => {
    const s = new MemoryStore();
    return { keys: s.keys, close: () => s.close() };
  }],
  ['sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-keys-'));
    const s = SqliteStore.open(join(dir, 'weft.db'));
    return {
      keys: s.keys,
      close: async () => {
        await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }],
];

/** Resolves to the AuthError code a promise rejects with (fails the test if it resolves). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AuthError);
    return (err as AuthError).code;
  }
  throw new Error('expected a rejection');
}

/**
 * Counts store reads, to tell a cache hit from a store lookup. `hold` makes the next read return what it
 * read only once the given promise settles, to interleave a verify with a revoke.
 */
function counting(store: KeyStore): KeyStore & { gets: number; hold?: Promise<void> } {
  const c: KeyStore & { gets: number; hold?: Promise<void> } = {
    gets: 0,
    put: (k: ApiKeyRecord) => store.put(k),
    get: async (id: string) => {
      c.gets++;
      const held = c.hold;
      c.hold = undefined;
      const record = await store.get(id);
      await held;
      return record;
    },
    list: () => store.list(),
    countActive: (now: number) => store.countActive(now),
  };
  return c;
}

describe.each(stores)('ApiKeys on the %s KeyStore', (_name, open) => {
  let h: Harness;
  let t: number;
  let store: ReturnType<typeof counting>;
  const make = (o: ApiKeysOptions = {}) => new ApiKeys(store, { now: () => t, ...o });
  const admin = { name: 'ci', scopes: [{ namespace: '*', role: 'admin' as const }], createdBy: 'test' };

  beforeEach(() => {
    h = open();
    store = counting(h.keys);
    t = T0;
  });
  afterEach(() => h.close());

  it('creates a key whose secret verifies, storing only a salted hash', async () => {
    const keys = make();
    const { record, secret } = await keys.create({ name: 'deploy bot', scopes: [{ namespace: 'sales', role: 'developer' }], createdBy: 'alice' });
    expect(secret).toMatch(KEY_SHAPE);
    expect(secret.slice(3, 15)).toBe(record.id);
    expect(record).toEqual({ id: record.id, name: 'deploy bot', scopes: [{ namespace: 'sales', role: 'developer' }], createdAt: T0, createdBy: 'alice' });
    const stored = (await h.keys.get(record.id))!;
    expect(stored.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(16));
    const v = await keys.verify(secret);
    expect(v.key.id).toBe(record.id);
    expect(v.scopes).toEqual([{ namespace: 'sales', role: 'developer' }]);
    expect(v.key).not.toHaveProperty('hash');
    expect(v.key).not.toHaveProperty('salt');
  });

  it('gives every key its own id and salt', async () => {
    const keys = make();
    const a = await keys.create(admin);
    const b = await keys.create(admin);
    expect(a.record.id).not.toBe(b.record.id);
    expect((await h.keys.get(a.record.id))!.salt).not.toBe((await h.keys.get(b.record.id))!.salt);
    await expect(keys.verify(a.secret)).resolves.toMatchObject({ key: { id: a.record.id } });
    await expect(keys.verify(b.secret)).resolves.toMatchObject({ key: { id: b.record.id } });
  });

  it('does not overwrite an existing key when the random source repeats an id', async () => {
    let n = 0;
    // Every id draw returns the same 6 bytes until the third; secrets and salts differ.
    const ids = [Buffer.alloc(6, 1), Buffer.alloc(6, 1), Buffer.alloc(6, 2)];
    const random = (size: number) => (size === 6 ? ids.shift() ?? Buffer.alloc(6, 9) : Buffer.alloc(size, ++n));
    const keys = make({ random });
    const first = await keys.create(admin);
    const second = await keys.create(admin);
    expect(first.record.id).toBe('010101010101');
    expect(second.record.id).toBe('020202020202');
    await expect(keys.verify(first.secret)).resolves.toMatchObject({ key: { id: first.record.id } });
  });

  it('refuses a wrong secret and an unknown id alike (WEFT_ERR_AUTH_INVALID, 401)', async () => {
    const keys = make();
    const { record, secret } = await keys.create(admin);
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await codeOf(keys.verify(wrong))).toBe('WEFT_ERR_AUTH_INVALID');
    const unknownId = `wk_${record.id === 'ffffffffffff' ? '000000000000' : 'ffffffffffff'}_${secret.slice(16)}`;
    expect(await codeOf(keys.verify(unknownId))).toBe('WEFT_ERR_AUTH_INVALID');
    await keys.verify(wrong).catch((err: AuthError) => expect(err.status).toBe(401));
  });

  it.each([
    ['empty', ''],
    ['no prefix', 'abcdef'],
    ['prefix only', 'wk_'],
    ['id only', 'wk_0123456789ab'],
    ['id and separator only', 'wk_0123456789ab_'],
    ['short secret', 'wk_0123456789ab_short'],
    ['long secret', `wk_0123456789ab_${'a'.repeat(44)}`],
    ['upper-case id', `wk_0123456789AB_${'a'.repeat(43)}`],
    ['short id', `wk_0123456789a_${'a'.repeat(43)}`],
    ['wrong prefix', `xk_0123456789ab_${'a'.repeat(43)}`],
    ['bad secret characters', `wk_0123456789ab_${'a'.repeat(42)}=`],
    ['trailing space', `wk_0123456789ab_${'a'.repeat(43)} `],
    ['very long', `wk_0123456789ab_${'a'.repeat(1_000_000)}`],
  ])('refuses a malformed key (%s) with WEFT_ERR_AUTH_MALFORMED before any store read', async (_case, presented) => {
    const keys = make();
    expect(await codeOf(keys.verify(presented))).toBe('WEFT_ERR_AUTH_MALFORMED');
    expect(store.gets).toBe(0);
  });

  it('refuses a non-string as malformed', async () => {
    expect(await codeOf(make().verify(undefined as never))).toBe('WEFT_ERR_AUTH_MALFORMED');
  });

  it('expires a key at expiresAt, even one verified (and cached) just before', async () => {
    const keys = make();
    const { secret } = await keys.create({ ...admin, expiresAt: T0 + 1_000 });
    t = T0 + 999;
    await expect(keys.verify(secret)).resolves.toBeDefined();
    t = T0 + 1_000;
    expect(await codeOf(keys.verify(secret))).toBe('WEFT_ERR_AUTH_EXPIRED');
    expect(await keys.hasCredentials()).toBe(false);
  });

  it('answers a known key with the wrong secret INVALID even when revoked (state is only told to holders)', async () => {
    const keys = make();
    const { record, secret } = await keys.create(admin);
    await keys.revoke(record.id);
    expect(await codeOf(keys.verify(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`))).toBe('WEFT_ERR_AUTH_INVALID');
    expect(await codeOf(keys.verify(secret))).toBe('WEFT_ERR_AUTH_REVOKED');
  });

  it('serves a repeated verify from the cache, and revoke takes effect at once anyway', async () => {
    const keys = make();
    const { record, secret } = await keys.create(admin);
    await keys.verify(secret);
    const reads = store.gets;
    await keys.verify(secret);
    await keys.verify(secret);
    expect(store.gets).toBe(reads);
    const revoked = await keys.revoke(record.id);
    expect(revoked.revokedAt).toBe(T0);
    expect(await codeOf(keys.verify(secret))).toBe('WEFT_ERR_AUTH_REVOKED');
    expect((await keys.revoke(record.id)).revokedAt).toBe(T0);
  });

  it('a revoke by another instance (another node) reaches this one within the cache TTL', async () => {
    const node1 = make({ cacheTtlMs: 5_000 });
    const node2 = make();
    const { record, secret } = await node1.create(admin);
    await node1.verify(secret);
    await node2.revoke(record.id);
    t = T0 + 4_999;
    await expect(node1.verify(secret)).resolves.toBeDefined();
    t = T0 + 5_000;
    expect(await codeOf(node1.verify(secret))).toBe('WEFT_ERR_AUTH_REVOKED');
  });

  it('does not cache a verify that raced a revoke', async () => {
    const keys = make();
    const { record, secret } = await keys.create(admin);
    let release!: () => void;
    store.hold = new Promise((resolve) => (release = resolve));
    // This verify reads the still-active record, then stalls until after the revoke below.
    const pending = keys.verify(secret);
    await keys.revoke(record.id);
    release();
    await expect(pending).resolves.toBeDefined();
    expect(await codeOf(keys.verify(secret))).toBe('WEFT_ERR_AUTH_REVOKED');
  });

  it('rotates with an overlap: the old secret works until it ends, the new one after', async () => {
    const keys = make();
    const { record, secret: old } = await keys.create(admin);
    await keys.verify(old);
    t = T0 + 10;
    const rotated = await keys.rotate(record.id, { overlapMs: 1_000 });
    expect(rotated.secret).toMatch(KEY_SHAPE);
    expect(rotated.secret).not.toBe(old);
    expect(rotated.record).toMatchObject({ id: record.id, rotatedAt: T0 + 10, previousUntil: T0 + 1_010 });
    expect(rotated.record).not.toHaveProperty('previous');
    await expect(keys.verify(rotated.secret)).resolves.toMatchObject({ key: { id: record.id } });
    t = T0 + 1_009;
    await expect(keys.verify(old)).resolves.toMatchObject({ key: { id: record.id } });
    t = T0 + 1_010;
    expect(await codeOf(keys.verify(old))).toBe('WEFT_ERR_AUTH_EXPIRED');
    await expect(keys.verify(rotated.secret)).resolves.toBeDefined();
  });

  it('defaults the overlap to 24 h; overlap 0 and a second rotation end the old secret at once', async () => {
    const keys = make();
    const { record, secret: first } = await keys.create(admin);
    const second = await keys.rotate(record.id);
    expect(second.record.previousUntil).toBe(T0 + 24 * 3_600_000);
    await expect(keys.verify(first)).resolves.toBeDefined();
    const third = await keys.rotate(record.id, { overlapMs: 0 });
    expect(third.record.previousUntil).toBeUndefined();
    expect(await codeOf(keys.verify(first))).toBe('WEFT_ERR_AUTH_INVALID');
    expect(await codeOf(keys.verify(second.secret))).toBe('WEFT_ERR_AUTH_INVALID');
    await expect(keys.verify(third.secret)).resolves.toBeDefined();
  });

  it('refuses to rotate a revoked, expired or unknown key', async () => {
    const keys = make();
    const a = await keys.create(admin);
    await keys.revoke(a.record.id);
    expect(await codeOf(keys.rotate(a.record.id))).toBe('WEFT_ERR_AUTH_KEY_INACTIVE');
    const b = await keys.create({ ...admin, expiresAt: T0 + 1 });
    t = T0 + 1;
    expect(await codeOf(keys.rotate(b.record.id))).toBe('WEFT_ERR_AUTH_KEY_INACTIVE');
    expect(await codeOf(keys.rotate('0123456789ab'))).toBe('WEFT_ERR_AUTH_UNKNOWN_KEY');
    expect(await codeOf(keys.revoke('0123456789ab'))).toBe('WEFT_ERR_AUTH_UNKNOWN_KEY');
    expect(await codeOf(keys.rotate(a.record.id, { overlapMs: -1 }))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
  });

  it('lists and gets keys without hashes, salts or previous secrets', async () => {
    const keys = make();
    const a = await keys.create(admin);
    t = T0 + 1;
    const b = await keys.create({ ...admin, name: 'second', expiresAt: T0 + 9_000 });
    await keys.rotate(a.record.id, { overlapMs: 50 });
    const listed = await keys.list();
    expect(listed.map((k) => k.id)).toEqual([a.record.id, b.record.id]);
    for (const k of listed) for (const field of ['hash', 'salt', 'previous']) expect(k).not.toHaveProperty(field);
    expect(listed[0].previousUntil).toBe(T0 + 51);
    expect(await keys.get(b.record.id)).toEqual(b.record);
    expect(await keys.get('nope')).toBeUndefined();
  });

  it('validates create input (WEFT_ERR_AUTH_BAD_INPUT, 400)', async () => {
    const keys = make();
    expect(await codeOf(keys.create({ ...admin, scopes: [] }))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
    expect(await codeOf(keys.create({ ...admin, scopes: [{ namespace: '*', role: 'root' as never }] }))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
    expect(await codeOf(keys.create({ ...admin, scopes: [{ namespace: '', role: 'viewer' }] }))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
    expect(await codeOf(keys.create({ ...admin, name: ' ' }))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
    expect(await codeOf(keys.create({ ...admin, expiresAt: T0 }))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
    expect(await h.keys.list()).toEqual([]);
  });

  it('hasCredentials follows countActive: none, one, revoked', async () => {
    const keys = make();
    expect(await keys.hasCredentials()).toBe(false);
    const { record } = await keys.create(admin);
    expect(await keys.hasCredentials()).toBe(true);
    await keys.revoke(record.id);
    expect(await keys.hasCredentials()).toBe(false);
  });

  describe('bootstrap (WEFT_ADMIN_KEY)', () => {
    const ENV = 'correct-horse-battery-staple';

    it('accepts a free-form key as admin on *, stored scrypt-hashed under env-admin', async () => {
      const keys = make();
      const info = await keys.bootstrap(ENV);
      expect(info).toMatchObject({ id: ENV_ADMIN_ID, scopes: [{ namespace: '*', role: 'admin' }], createdBy: 'env' });
      expect((await h.keys.get(ENV_ADMIN_ID))!.hash).toMatch(/^scrypt:[0-9a-f]{64}$/);
      await expect(keys.verify(ENV)).resolves.toMatchObject({ key: { id: ENV_ADMIN_ID }, scopes: [{ namespace: '*', role: 'admin' }] });
      expect(await codeOf(keys.verify(`${ENV}x`))).toBe('WEFT_ERR_AUTH_MALFORMED');
      expect(await keys.hasCredentials()).toBe(true);
    });

    it('is idempotent, and a changed variable replaces the old env key', async () => {
      const first = make();
      await first.bootstrap(ENV);
      const stored = await h.keys.get(ENV_ADMIN_ID);
      t = T0 + 1;
      const restarted = make();
      await restarted.bootstrap(ENV);
      expect(await h.keys.get(ENV_ADMIN_ID)).toEqual(stored);
      await expect(restarted.verify(ENV)).resolves.toBeDefined();

      const changed = make();
      await changed.bootstrap('another-long-admin-key');
      await expect(changed.verify('another-long-admin-key')).resolves.toBeDefined();
      expect(await codeOf(changed.verify(ENV))).toBe('WEFT_ERR_AUTH_MALFORMED');
      // A node still running with the old variable stops accepting it once its cache entry is stale.
      t = T0 + 60_000;
      expect(await codeOf(restarted.verify(ENV))).toBe('WEFT_ERR_AUTH_INVALID');
      expect((await h.keys.list()).length).toBe(1);
    });

    it('keeps a revoked env key revoked across restarts', async () => {
      const keys = make();
      await keys.bootstrap(ENV);
      await keys.revoke(ENV_ADMIN_ID);
      const restarted = make();
      await restarted.bootstrap(ENV);
      expect(await codeOf(restarted.verify(ENV))).toBe('WEFT_ERR_AUTH_REVOKED');
      expect(await codeOf(restarted.rotate(ENV_ADMIN_ID))).toBe('WEFT_ERR_AUTH_KEY_INACTIVE');
    });

    it('cannot rotate the env key through the API', async () => {
      const keys = make();
      await keys.bootstrap(ENV);
      expect(await codeOf(keys.rotate(ENV_ADMIN_ID))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
    });

    it('accepts a wk_ key under its own id, idempotently, and refuses one that clashes with an existing key', async () => {
      const presented = `wk_00112233aabb_${'Q'.repeat(43)}`;
      const keys = make();
      const info = await keys.bootstrap(presented);
      expect(info.id).toBe('00112233aabb');
      expect((await h.keys.get('00112233aabb'))!.hash).toMatch(/^sha256:/);
      await expect(keys.verify(presented)).resolves.toMatchObject({ scopes: [{ namespace: '*', role: 'admin' }] });
      await expect(make().bootstrap(presented)).resolves.toEqual(info);
      expect(await codeOf(make().bootstrap(`wk_00112233aabb_${'R'.repeat(43)}`))).toBe('WEFT_ERR_AUTH_CONFLICT');
      await expect(keys.verify(presented)).resolves.toBeDefined();
    });

    it.each([['empty', ''], ['whitespace', 'two words'], ['too long', 'x'.repeat(513)]])('refuses a %s variable', async (_c, value) => {
      expect(await codeOf(make().bootstrap(value))).toBe('WEFT_ERR_AUTH_BAD_INPUT');
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { FunctionAlias, FunctionStore, FunctionVersion } from '../../ports/index.js';
import { assignAlias, parseFunctionRef, pickFor, resolveAlias, resolveVersion, validateAlias } from './alias.js';
import { DEPLOY_ERROR_CODES } from './errors.js';

/** A store holding `price` 1.0.0, 1.1.0 and 2.0.0 (functions may not import store/; adapters have their contract). */
function seeded(): FunctionStore & { aliases: Map<string, FunctionAlias> } {
  const version = (v: string): FunctionVersion => ({
    name: 'price', version: v, hash: v, size: 1, code: '', createdAt: 0,
    manifest: { name: 'price', version: v, memoryMb: 64, timeoutMs: 10_000, maxConcurrency: 10, minWarm: 0, idleMs: 60_000, egress: [], secrets: [] },
  });
  const versions = ['2.0.0', '1.1.0', '1.0.0'].map(version);
  const aliases = new Map<string, FunctionAlias>();
  return {
    aliases,
    putVersion: async () => { throw new Error('not used'); },
    getVersion: async (name, v) => versions.find((x) => x.name === name && x.version === v),
    listVersions: async (name) => versions.filter((x) => name === undefined || x.name === name),
    setAlias: async (a) => void aliases.set(`${a.name}:${a.alias}`, a),
    getAlias: async (name, a) => aliases.get(`${name}:${a}`),
    listAliases: async (name) => [...aliases.values()].filter((a) => a.name === name),
  };
}

const canary: FunctionAlias = { name: 'price', alias: 'canary', routes: [{ version: '1.0.0', weight: 90 }, { version: '1.1.0', weight: 10 }] };

describe('resolveAlias', () => {
  it('lays the routes end to end on [0, 1): deterministic for a pick, clamped outside', () => {
    expect(resolveAlias(canary, 0)).toBe('1.0.0');
    expect(resolveAlias(canary, 0.8999)).toBe('1.0.0');
    expect(resolveAlias(canary, 0.9)).toBe('1.1.0');
    expect(resolveAlias(canary, 0.9999)).toBe('1.1.0');
    expect(resolveAlias(canary, 1)).toBe('1.1.0');
    expect(resolveAlias(canary, -5)).toBe('1.0.0');
    expect(resolveAlias(canary, Number.NaN)).toBe('1.0.0');
    expect(resolveAlias({ ...canary, routes: [{ version: '1.0.0', weight: 0 }, { version: '1.1.0', weight: 100 }] }, 0)).toBe('1.1.0');
  });

  it('splits 10,000 idempotency keys 90/10 within 88–92%, and a key always lands on the same version', () => {
    let first = 0;
    for (let i = 0; i < 10_000; i++) if (resolveAlias(canary, pickFor(`invocation-${i}`)) === '1.0.0') first++;
    expect(first).toBeGreaterThanOrEqual(8_800);
    expect(first).toBeLessThanOrEqual(9_200);
    expect(resolveAlias(canary, pickFor('retry-me'))).toBe(resolveAlias(canary, pickFor('retry-me')));
  });

  it('pickFor is uniform enough: its mean over 10,000 keys is near 0.5 and it stays in [0, 1)', () => {
    const picks = Array.from({ length: 10_000 }, (_, i) => pickFor(String(i)));
    expect(Math.min(...picks)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...picks)).toBeLessThan(1);
    expect(Math.abs(picks.reduce((a, b) => a + b, 0) / picks.length - 0.5)).toBeLessThan(0.01);
  });
});

describe('validateAlias / assignAlias', () => {
  const problemsOf = async (alias: FunctionAlias) => {
    const err = await validateAlias(seeded(), alias).then(() => undefined, (e: { code: string; status: number; problems: unknown[] }) => e);
    expect(err).toMatchObject({ code: DEPLOY_ERROR_CODES.alias, status: 400 });
    return err!.problems;
  };

  it('accepts one version at 100, or a weighted split of deployed versions', async () => {
    await expect(validateAlias(seeded(), { name: 'price', alias: 'live', routes: [{ version: '2.0.0', weight: 100 }] })).resolves.toBeUndefined();
    await expect(validateAlias(seeded(), canary)).resolves.toBeUndefined();
  });

  it('reports every shape problem at once, with pointers', async () => {
    expect(await problemsOf({ name: 'Price', alias: '1live', routes: [{ version: 'v1', weight: 50.5 }, { version: '1.1.0', weight: 101 }] })).toEqual([
      { pointer: '/name', message: 'must be a function name' },
      { pointer: '/alias', message: 'must be 1–63 lowercase letters, digits or dashes, starting with a letter' },
      { pointer: '/routes/0/version', message: 'must be a semantic version' },
      { pointer: '/routes/0/weight', message: 'must be an integer from 0 to 100' },
      { pointer: '/routes/1/weight', message: 'must be an integer from 0 to 100' },
    ]);
    expect(await problemsOf({ ...canary, routes: [{ version: '1.0.0', weight: 60 }, { version: '1.0.0', weight: 30 }] })).toEqual([
      { pointer: '/routes/1/version', message: '1.0.0 is listed twice' },
      { pointer: '/routes', message: 'weights must sum to 100 (they sum to 90)' },
    ]);
    expect(await problemsOf({ ...canary, routes: [] })).toEqual([{ pointer: '/routes', message: 'must list at least one version' }]);
  });

  it('refuses versions that are not deployed', async () => {
    expect(await problemsOf({ ...canary, routes: [{ version: '1.0.0', weight: 50 }, { version: '3.0.0', weight: 50 }] })).toEqual([
      { pointer: '/routes/1/version', message: 'price@3.0.0 is not deployed' },
    ]);
  });

  it('assignAlias stores a valid alias, moves it on the next call (rollback), and stores nothing invalid', async () => {
    const store = seeded();
    await assignAlias(store, { name: 'price', alias: 'live', routes: [{ version: '2.0.0', weight: 100 }] });
    await assignAlias(store, { name: 'price', alias: 'live', routes: [{ version: '1.1.0', weight: 100 }] });
    expect((await store.getAlias('price', 'live'))?.routes).toEqual([{ version: '1.1.0', weight: 100 }]);
    await expect(assignAlias(store, { name: 'price', alias: 'beta', routes: [{ version: '9.9.9', weight: 100 }] })).rejects.toMatchObject({ code: DEPLOY_ERROR_CODES.alias });
    expect(await store.getAlias('price', 'beta')).toBeUndefined();
  });
});

describe('resolveVersion', () => {
  it('resolves a version, an alias (weighted by pick), or by default `live`, else the newest', async () => {
    const store = seeded();
    expect((await resolveVersion(store, 'price', '1.0.0', 0)).version.version).toBe('1.0.0');
    expect((await resolveVersion(store, 'price', undefined, 0)).version.version).toBe('2.0.0');
    await store.setAlias(canary);
    await store.setAlias({ name: 'price', alias: 'live', routes: [{ version: '1.1.0', weight: 100 }] });
    expect(await resolveVersion(store, 'price', 'canary', 0.95)).toMatchObject({ version: { version: '1.1.0' }, alias: 'canary' });
    expect(await resolveVersion(store, 'price', 'canary', 0.5)).toMatchObject({ version: { version: '1.0.0' }, alias: 'canary' });
    expect(await resolveVersion(store, 'price', undefined, 0)).toMatchObject({ version: { version: '1.1.0' }, alias: 'live' });
  });

  it('says what is missing, with WEFT_ERR_FN_NOT_FOUND (404)', async () => {
    const store = seeded();
    await expect(resolveVersion(store, 'price', '9.0.0', 0)).rejects.toMatchObject({ code: DEPLOY_ERROR_CODES.notFound, status: 404, message: 'function price@9.0.0 is not deployed' });
    await expect(resolveVersion(store, 'price', 'beta', 0)).rejects.toThrow('function price has no version or alias "beta"');
    await expect(resolveVersion(store, 'nope', undefined, 0)).rejects.toThrow('function nope is not deployed');
  });

  it('parseFunctionRef splits name and version or alias', () => {
    expect(parseFunctionRef('price')).toEqual({ name: 'price' });
    expect(parseFunctionRef('price:1.2.0')).toEqual({ name: 'price', ref: '1.2.0' });
    expect(parseFunctionRef('price:live')).toEqual({ name: 'price', ref: 'live' });
  });
});

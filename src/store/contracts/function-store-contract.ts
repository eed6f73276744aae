/**
 * The ONE contract suite every FunctionStore adapter runs (DESIGN.md §9). Like ./run-store-contract.ts it
 * imports vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionAlias, FunctionManifest, FunctionStore, FunctionVersion } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface FunctionStoreHandle {
  store: FunctionStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

const T0 = 1_700_000_000_000;

export function manifestOf(name: string, version: string, over: Partial<FunctionManifest> = {}): FunctionManifest {
  return {
    name, version, memoryMb: 64, timeoutMs: 10_000, maxConcurrency: 10, minWarm: 0, idleMs: 60_000, egress: [], secrets: [],
    input: { type: 'object', properties: { n: { type: 'integer' } } }, ...over,
  };
}

export function functionVersion(name: string, version: string, over: Partial<FunctionVersion> = {}): FunctionVersion {
  const code = over.code ?? `var __weft=(()=>({default:async()=>${JSON.stringify(version)}}))();`;
  return { name, version, hash: `h-${name}-${version}`, size: code.length, code, manifest: manifestOf(name, version), createdAt: T0, ...over };
}

export function functionStoreContract(name: string, make: () => Promise<FunctionStoreHandle>): void {
  describe(`FunctionStore contract: ${name}`, () => {
    let handle: FunctionStoreHandle;
    let store: FunctionStore;
    beforeEach(async () => {
      handle = await make();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    const versionsOf = async (fn?: string) => (await store.listVersions(fn)).map((v) => `${v.name}@${v.version}`);

    describe('versions', () => {
      it('stores a version and reads it back field for field', async () => {
        const v = functionVersion('price', '1.2.0', { manifest: manifestOf('price', '1.2.0', { egress: ['api.example.com'], secrets: ['KEY'] }) });
        expect(await store.putVersion(v)).toEqual({ version: v, created: true });
        expect(await store.getVersion('price', '1.2.0')).toEqual(v);
        expect(await store.getVersion('price', '9.9.9')).toBeUndefined();
        expect(await store.getVersion('nope', '1.2.0')).toBeUndefined();
      });

      it('keeps its own copy: mutating the caller’s objects after putVersion changes nothing', async () => {
        const v = functionVersion('price', '1.0.0');
        const put = store.putVersion(v);
        v.manifest.egress.push('evil.example');
        v.code = 'changed';
        await put;
        const back = await store.getVersion('price', '1.0.0');
        expect(back?.manifest.egress).toEqual([]);
        expect(back?.code).not.toBe('changed');
        back!.manifest.memoryMb = 1;
        expect((await store.getVersion('price', '1.0.0'))?.manifest.memoryMb).toBe(64);
      });

      it('a second put of the same name, version and hash is a no-op returning the stored version', async () => {
        const first = functionVersion('price', '1.0.0');
        await store.putVersion(first);
        const again = await store.putVersion({ ...first, createdAt: T0 + 5000 });
        expect(again).toEqual({ version: first, created: false });
        expect(await versionsOf('price')).toEqual(['price@1.0.0']);
      });

      it('refuses the same name and version with another hash, and keeps the first', async () => {
        const first = functionVersion('price', '1.0.0');
        await store.putVersion(first);
        await expect(store.putVersion(functionVersion('price', '1.0.0', { hash: 'other', code: 'x' }))).rejects.toMatchObject({
          code: STORE_ERROR_CODES.versionExists,
          status: 409,
        });
        expect(await store.getVersion('price', '1.0.0')).toEqual(first);
      });

      it('of two conflicting puts made in the same turn, exactly one wins', async () => {
        const results = await Promise.allSettled([
          store.putVersion(functionVersion('price', '1.0.0', { hash: 'a' })),
          store.putVersion(functionVersion('price', '1.0.0', { hash: 'b' })),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ version: FunctionVersion }>).value.version;
        expect((await store.getVersion('price', '1.0.0'))?.hash).toBe(winner.hash);
      });

      it('lists the versions of one function newest first by semver precedence', async () => {
        for (const v of ['1.9.0', '1.10.0', '0.1.0', '2.0.0-rc.1', '2.0.0', '2.0.0-beta.2', '2.0.0-beta.11', '1.10.0-alpha']) {
          await store.putVersion(functionVersion('price', v));
        }
        await store.putVersion(functionVersion('other', '9.0.0'));
        expect(await versionsOf('price')).toEqual(
          ['2.0.0', '2.0.0-rc.1', '2.0.0-beta.11', '2.0.0-beta.2', '1.10.0', '1.10.0-alpha', '1.9.0', '0.1.0'].map((v) => `price@${v}`),
        );
        expect(await store.listVersions('missing')).toEqual([]);
      });

      it('without a name, lists the newest version of every function, by name', async () => {
        expect(await store.listVersions()).toEqual([]);
        await store.putVersion(functionVersion('zeta', '1.0.0'));
        await store.putVersion(functionVersion('alpha', '1.10.0'));
        await store.putVersion(functionVersion('alpha', '1.9.0'));
        await store.putVersion(functionVersion('zeta', '0.9.0'));
        const listed = await store.listVersions();
        expect(listed.map((v) => `${v.name}@${v.version}`)).toEqual(['alpha@1.10.0', 'zeta@1.0.0']);
        expect(listed[0]).toEqual(functionVersion('alpha', '1.10.0'));
      });

      it('keeps the source files of a version: getVersion returns them, listings leave them out', async () => {
        const source = { files: { 'index.ts': 'import { f } from "./lib/f";\nexport default async () => f("é\u0000")', 'lib/f.ts': 'export const f = (s: string) => s;' }, entry: 'index.ts' };
        const v = functionVersion('price', '1.0.0', { source });
        expect(await store.putVersion(v)).toEqual({ version: v, created: true });
        expect(await store.getVersion('price', '1.0.0')).toEqual(v);
        // Same hash again (a redeploy): no-op, the stored source stays.
        expect(await store.putVersion({ ...v, source: { files: { 'index.ts': 'other' }, entry: 'index.ts' } })).toEqual({ version: v, created: false });
        await store.putVersion(functionVersion('price', '0.9.0'));
        const older = await store.getVersion('price', '0.9.0');
        expect(older).toEqual(functionVersion('price', '0.9.0'));
        expect(older && 'source' in older).toBe(false);
        for (const listed of [...(await store.listVersions('price')), ...(await store.listVersions())]) expect('source' in listed).toBe(false);
        expect((await store.listVersions())[0]).toEqual(functionVersion('price', '1.0.0'));
      });

      it('refuses a malformed source', async () => {
        await expect(store.putVersion(functionVersion('price', '1.0.0', { source: { files: { 'index.ts': 1 }, entry: 'index.ts' } as never }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(store.putVersion(functionVersion('price', '1.0.0', { source: { files: {}, entry: '' } }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        expect(await store.getVersion('price', '1.0.0')).toBeUndefined();
      });

      it('refuses a version that is not JSON-serialisable or malformed', async () => {
        const bad = functionVersion('price', '1.0.0', { manifest: { ...manifestOf('price', '1.0.0'), input: { big: 1n } as never } });
        await expect(store.putVersion(bad)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(store.putVersion(functionVersion('', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(store.putVersion(functionVersion('price', '1.0.0', { size: -1 }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        expect(await store.getVersion('price', '1.0.0')).toBeUndefined();
      });
    });

    describe('aliases', () => {
      const live: FunctionAlias = { name: 'price', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] };

      it('sets, gets and lists aliases; routes round-trip with their weights', async () => {
        const canary: FunctionAlias = { name: 'price', alias: 'canary', routes: [{ version: '1.0.0', weight: 90 }, { version: '1.1.0', weight: 10 }] };
        await store.setAlias(live);
        await store.setAlias(canary);
        await store.setAlias({ name: 'other', alias: 'live', routes: [{ version: '3.0.0', weight: 100 }] });
        expect(await store.getAlias('price', 'live')).toEqual(live);
        expect(await store.getAlias('price', 'canary')).toEqual(canary);
        expect(await store.getAlias('price', 'beta')).toBeUndefined();
        expect(await store.getAlias('nope', 'live')).toBeUndefined();
        expect(await store.listAliases('price')).toEqual([canary, live]);
        expect(await store.listAliases('nope')).toEqual([]);
      });

      it('setting an existing alias replaces its routes (this is how rollback moves an alias)', async () => {
        await store.setAlias(live);
        const moved: FunctionAlias = { ...live, routes: [{ version: '0.9.0', weight: 100 }] };
        await store.setAlias(moved);
        expect(await store.getAlias('price', 'live')).toEqual(moved);
        expect(await store.listAliases('price')).toHaveLength(1);
      });

      it('keeps its own copy of the routes', async () => {
        const a: FunctionAlias = { name: 'price', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] };
        const set = store.setAlias(a);
        a.routes[0].version = '6.6.6';
        await set;
        const back = await store.getAlias('price', 'live');
        expect(back?.routes[0].version).toBe('1.0.0');
        back!.routes.pop();
        expect((await store.getAlias('price', 'live'))?.routes).toHaveLength(1);
      });

      it('refuses an alias without routes', async () => {
        await expect(store.setAlias({ name: 'price', alias: 'live', routes: [] })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        expect(await store.getAlias('price', 'live')).toBeUndefined();
      });
    });
  });
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionAlias, FunctionStore, FunctionVersion } from '../../ports/index.js';
import { deployFunction, sourceFromPath } from './deploy.js';
import { DEPLOY_ERROR_CODES } from './errors.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-deploy-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * A minimal FunctionStore (functions may not import store/; the real adapters pass their own contract
 * suite). Conflicts carry the store's code, which deploy maps.
 */
class MemoryFunctionStore implements FunctionStore {
  private readonly versions = new Map<string, FunctionVersion>();
  private readonly aliases = new Map<string, FunctionAlias>();
  async putVersion(v: FunctionVersion) {
    const existing = this.versions.get(`${v.name}@${v.version}`);
    if (existing && existing.hash !== v.hash) throw Object.assign(new Error('exists'), { code: 'WEFT_ERR_STORE_VERSION_EXISTS' });
    if (existing) return { version: structuredClone(existing), created: false };
    this.versions.set(`${v.name}@${v.version}`, structuredClone(v));
    return { version: structuredClone(v), created: true };
  }
  async getVersion(name: string, version: string) {
    const v = this.versions.get(`${name}@${version}`);
    return v && structuredClone(v);
  }
  async listVersions(name?: string) {
    return [...this.versions.values()].filter((v) => name === undefined || v.name === name);
  }
  async setAlias(a: FunctionAlias) {
    this.aliases.set(`${a.name}:${a.alias}`, structuredClone(a));
  }
  async getAlias(name: string, alias: string) {
    return this.aliases.get(`${name}:${alias}`);
  }
  async listAliases(name: string) {
    return [...this.aliases.values()].filter((a) => a.name === name);
  }
}

const T0 = 1_700_000_000_000;
const INDEX = 'export default async (input: { n: number }) => ({ n: input.n + 1 });\n';
const weft = (over: object = {}) => JSON.stringify({ name: 'inc', version: '1.0.0', ...over });

describe('deployFunction', () => {
  it('deploys a folder with its weft.json as one version', async () => {
    const store = new MemoryFunctionStore();
    const dir = folder({ 'weft.json': weft({ memoryMb: 32 }), 'index.ts': INDEX });
    const { version, created } = await deployFunction(store, { dir }, undefined, T0);
    expect(created).toBe(true);
    expect(version).toMatchObject({ name: 'inc', version: '1.0.0', createdAt: T0, manifest: { name: 'inc', memoryMb: 32, timeoutMs: 10_000 } });
    expect(version.size).toBe(Buffer.byteLength(version.code));
    expect(await store.getVersion('inc', '1.0.0')).toEqual(version);
  });

  it('redeploying identical code and manifest is a no-op returning the existing version', async () => {
    const store = new MemoryFunctionStore();
    const dir = folder({ 'weft.json': weft(), 'index.ts': INDEX });
    const first = await deployFunction(store, { dir }, undefined, T0);
    const again = await deployFunction(store, { dir }, undefined, T0 + 60_000);
    expect(again).toEqual({ version: first.version, created: false });
    // The same code sent as in-memory files, with an equivalent manifest object, is the same version too.
    const fromFiles = await deployFunction(store, { files: { 'index.ts': INDEX } }, { version: '1.0.0', name: 'inc', memoryMb: 64 }, T0 + 1);
    expect(fromFiles).toEqual({ version: first.version, created: false });
  });

  it('refuses the same name@version with different code or manifest (409), keeping the first', async () => {
    const store = new MemoryFunctionStore();
    const dir = folder({ 'weft.json': weft(), 'index.ts': INDEX });
    const first = await deployFunction(store, { dir }, undefined, T0);
    writeFileSync(join(dir, 'index.ts'), INDEX.replace('+ 1', '+ 2'));
    await expect(deployFunction(store, { dir }, undefined, T0 + 1)).rejects.toMatchObject({
      code: DEPLOY_ERROR_CODES.versionExists,
      status: 409,
      message: expect.stringContaining('inc@1.0.0 is already deployed with different code or manifest'),
    });
    writeFileSync(join(dir, 'index.ts'), INDEX);
    await expect(deployFunction(store, { dir }, { name: 'inc', version: '1.0.0', timeoutMs: 5 }, T0 + 2)).rejects.toMatchObject({
      code: DEPLOY_ERROR_CODES.versionExists,
    });
    expect(await store.getVersion('inc', '1.0.0')).toEqual(first.version);
    // Bumping the version deploys.
    expect((await deployFunction(store, { dir }, { name: 'inc', version: '1.0.1', timeoutMs: 5 }, T0 + 3)).created).toBe(true);
  });

  it('maps a conflict the store detects (a concurrent deploy) to WEFT_ERR_FN_VERSION_EXISTS with the cause chained', async () => {
    const inner = new MemoryFunctionStore();
    const racing: FunctionStore = {
      ...inner,
      listVersions: (n) => inner.listVersions(n),
      getAlias: (n, a) => inner.getAlias(n, a),
      listAliases: (n) => inner.listAliases(n),
      setAlias: (a) => inner.setAlias(a),
      getVersion: async () => undefined, // the other deploy lands between our check and our write
      putVersion: async (v) => {
        await inner.putVersion({ ...v, hash: 'other' });
        return inner.putVersion(v);
      },
    };
    const dir = folder({ 'weft.json': weft(), 'index.ts': INDEX });
    const err = await deployFunction(racing, { dir }, undefined, T0).catch((e: Error) => e);
    expect(err).toMatchObject({ code: DEPLOY_ERROR_CODES.versionExists, cause: { code: 'WEFT_ERR_STORE_VERSION_EXISTS' } });
  });

  it('takes the manifest object of an API call instead of weft.json', async () => {
    const store = new MemoryFunctionStore();
    const { version } = await deployFunction(store, { files: { 'index.ts': INDEX } }, { name: 'api-fn', version: '0.1.0' }, T0);
    expect(version.manifest.name).toBe('api-fn');
  });

  it('reports a missing or broken weft.json as a manifest error', async () => {
    const store = new MemoryFunctionStore();
    await expect(deployFunction(store, { dir: folder({ 'index.ts': INDEX }) }, undefined, T0)).rejects.toMatchObject({
      code: DEPLOY_ERROR_CODES.manifest,
      problems: [{ pointer: '', message: 'weft.json not found beside the function (or pass a manifest)' }],
    });
    await expect(deployFunction(store, { dir: folder({ 'index.ts': INDEX, 'weft.json': '{ "name": ' }) }, undefined, T0)).rejects.toMatchObject({
      code: DEPLOY_ERROR_CODES.manifest,
      message: expect.stringMatching(/weft\.json.*is not valid JSON/s),
    });
    await expect(deployFunction(store, { files: { 'index.ts': INDEX, 'weft.json': weft({ memoryMb: 1 }) } }, undefined, T0)).rejects.toMatchObject({
      code: DEPLOY_ERROR_CODES.manifest,
      problems: [{ pointer: '/memoryMb', message: 'must be >= 8' }],
    });
    expect(await store.listVersions()).toEqual([]);
  });

  it('keeps a folder\'s own modules as the version\'s source: not npm packages, not weft.json, not unused files', async () => {
    const store = new MemoryFunctionStore();
    const main = "import pad from 'padder';\nimport { one } from './lib/one';\nexport default async () => pad(one);\n";
    const dir = folder({
      'weft.json': weft({ main: 'src/main.ts' }),
      'src/main.ts': main,
      'src/lib/one.ts': 'export const one = 1;\n',
      'src/unused.ts': 'export const x = 2;\n',
      'node_modules/padder/package.json': JSON.stringify({ name: 'padder', main: 'index.js' }),
      'node_modules/padder/index.js': 'module.exports = (n) => `[${n}]`;\n',
    });
    const { version } = await deployFunction(store, { dir }, undefined, T0, { projectRoot: dir });
    expect(version.source).toEqual({ entry: 'src/main.ts', files: { 'src/main.ts': main, 'src/lib/one.ts': 'export const one = 1;\n' } });
    expect(await store.getVersion('inc', '1.0.0')).toEqual(version);
  });

  it('keeps in-memory files as given (weft.json left out); the hash ignores them', async () => {
    const store = new MemoryFunctionStore();
    const { version } = await deployFunction(store, { files: { './index.ts': INDEX, 'weft.json': weft() } }, undefined, T0);
    expect(version.source).toEqual({ entry: 'index.ts', files: { 'index.ts': INDEX } });
    const fromDir = await deployFunction(new MemoryFunctionStore(), { dir: folder({ 'weft.json': weft(), 'index.ts': INDEX }) }, undefined, T0);
    expect(fromDir.version.hash).toBe(version.hash);
    expect(fromDir.version.source).toEqual(version.source);
  });

  it('sources over 1 MB together still deploy, without a kept source', async () => {
    const store = new MemoryFunctionStore();
    const big = `${INDEX}${'// padding padding padding padding padding padding padding padding\n'.repeat(17_000)}`;
    const { version, created } = await deployFunction(store, { dir: folder({ 'weft.json': weft(), 'index.ts': big }) }, undefined, T0);
    expect(created).toBe(true);
    expect(version.source).toBeUndefined();
    expect((await store.getVersion('inc', '1.0.0'))?.source).toBeUndefined();
  });

  it('sourceFromPath: a folder, or a single file whose folder holds weft.json', async () => {
    const dir = folder({ 'weft.json': weft(), 'price.ts': INDEX });
    expect(sourceFromPath(dir)).toEqual({ dir });
    expect(sourceFromPath(join(dir, 'price.ts'))).toEqual({ dir, entry: 'price.ts' });
    expect(() => sourceFromPath(join(dir, 'missing'))).toThrow(/does not exist/);
    const store = new MemoryFunctionStore();
    expect((await deployFunction(store, sourceFromPath(join(dir, 'price.ts')), undefined, T0)).created).toBe(true);
  });
});

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../manifest.js';
import { type FunctionSource, MAX_BUNDLE_BYTES, bundleFunction, canonicalJson } from './bundle.js';
import { DEPLOY_ERROR_CODES } from './errors.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A temp folder holding `files` (paths relative to it). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-fn-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const manifest = parseManifest({ name: 'price', version: '1.0.0' });

/** Runs a bundle the way the runtime does: a bare context (no process, no require), then `__weft.default`. */
async function call(code: string, input: unknown): Promise<unknown> {
  const weft = runInNewContext(`${code}\n;__weft`, {}) as { default: (input: unknown, ctx: unknown) => unknown };
  return weft.default(input, {});
}

async function buildError(source: FunctionSource, m = manifest): Promise<{ code: string; message: string }> {
  return bundleFunction(source, m).then(
    () => { throw new Error('expected the build to fail'); },
    (err: { code: string; message: string }) => err,
  );
}

const TINY_PKG = {
  'node_modules/tiny-pad/package.json': JSON.stringify({ name: 'tiny-pad', version: '1.0.0', main: 'index.js' }),
  'node_modules/tiny-pad/index.js': 'module.exports = function pad(s, n) { return String(s).padStart(n, "0"); };',
};

describe('bundleFunction', () => {
  it('bundles a TypeScript function with an npm import into a script exposing __weft.default', async () => {
    const dir = folder({
      ...TINY_PKG,
      'index.ts': `import pad from 'tiny-pad';\nimport { double } from './lib/math.js';\n` +
        `interface In { n: number }\nexport default async function (input: In, _ctx: unknown): Promise<string> { return pad(double(input.n), 4); }\n`,
      'lib/math.ts': 'export const double = (n: number): number => n * 2;\n',
    });
    const { code, size, hash } = await bundleFunction({ dir }, manifest);
    expect(code).toMatch(/^var __weft = /);
    expect(code).not.toContain('interface');
    expect(size).toBe(Buffer.byteLength(code));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await call(code, { n: 21 })).toBe('0042');
  });

  it('resolves npm imports from the project’s node_modules when the function folder has none', async () => {
    const project = folder(TINY_PKG);
    const dir = folder({ 'index.js': `import pad from 'tiny-pad';\nexport default (input) => pad(input, 3);\n` });
    const { code } = await bundleFunction({ dir }, manifest, { projectRoot: project });
    expect(await call(code, 7)).toBe('007');
  });

  it('bundles in-memory files: relative imports between them, npm imports from the project', async () => {
    const project = folder(TINY_PKG);
    const files = {
      './index.ts': `import pad from 'tiny-pad';\nimport { label } from './util.js';\nexport default async (i: number) => label(pad(i, 2));\n`,
      'util.ts': 'export const label = (s: string) => `#${s}`;\n',
    };
    const { code } = await bundleFunction({ files }, manifest, { projectRoot: project });
    expect(await call(code, 5)).toBe('#05');
    expect((await buildError({ files: { 'index.ts': `import x from './nope';\nexport default x;` } })).message).toMatch(/Could not resolve "\.\/nope"/);
    const builtin = await buildError({ files: { 'index.ts': `import { join } from 'path';\nexport default () => join('a', 'b');` } });
    expect(builtin.message).toMatch(/index\.ts:1:\d+: Node built-in module "path" cannot be imported/);
  });

  it('uses `main` from the manifest, and accepts a CommonJS module.exports as the default', async () => {
    const dir = folder({ 'src/handler.cjs': 'module.exports = async (input) => ({ echoed: input });\n' });
    const { code } = await bundleFunction({ dir }, { ...manifest, main: 'src/handler.cjs' });
    expect(await call(code, { a: 1 })).toEqual({ echoed: { a: 1 } });
  });

  it('defines process.env.NODE_ENV, which npm packages branch on, since the isolate has no process', async () => {
    const dir = folder({ 'index.js': 'export default () => process.env.NODE_ENV;\n' });
    expect(await call((await bundleFunction({ dir }, manifest)).code, null)).toBe('production');
  });

  it.each([
    ['fs', `import { readFileSync } from 'fs';\nexport default () => readFileSync('/etc/passwd', 'utf8');\n`],
    ['node:crypto', `import { randomUUID } from 'node:crypto';\nexport default () => randomUUID();\n`],
    ['child_process', `const cp = require('child_process');\nexport default () => cp.execSync('id');\n`],
  ])('refuses the Node built-in %s, naming the import and where it is', async (name, source) => {
    const err = await buildError({ dir: folder({ 'index.ts': source }) });
    expect(err.code).toBe(DEPLOY_ERROR_CODES.build);
    expect(err.message).toContain(`Node built-in module "${name}" cannot be imported`);
    expect(err.message).toMatch(/index\.ts:\d+:\d+:/);
  });

  it('refuses a Node built-in imported deep inside an npm package, naming that file', async () => {
    const dir = folder({
      'node_modules/uses-path/package.json': JSON.stringify({ name: 'uses-path', main: 'lib.js' }),
      'node_modules/uses-path/lib.js': `const path = require('path');\nmodule.exports = (p) => path.basename(p);\n`,
      'index.js': `import base from 'uses-path';\nexport default (p) => base(p);\n`,
    });
    const err = await buildError({ dir });
    expect(err.message).toMatch(/node_modules\/uses-path\/lib\.js:1:\d+: Node built-in module "path"/);
  });

  it('bundles an installed npm package that shares a built-in’s name (a polyfill such as `events`)', async () => {
    const dir = folder({
      'node_modules/events/package.json': JSON.stringify({ name: 'events', main: 'events.js' }),
      'node_modules/events/events.js': 'module.exports = { polyfill: true };\n',
      'index.js': `import events from 'events';\nexport default () => events.polyfill;\n`,
    });
    expect(await call((await bundleFunction({ dir }, manifest)).code, null)).toBe(true);
  });

  it('refuses a module without a default export, saying what a function looks like', async () => {
    const err = await buildError({ dir: folder({ 'index.ts': 'export const handler = () => 1;\n' }) });
    expect(err.code).toBe(DEPLOY_ERROR_CODES.build);
    expect(err.message).toContain('index.ts has no default export: a function is `export default async function (input, ctx)');
  });

  it('reports esbuild’s errors with file:line:column', async () => {
    const err = await buildError({ dir: folder({ 'index.ts': 'export default async (input) => {\n  return input +;\n};\n' }) });
    expect(err.code).toBe(DEPLOY_ERROR_CODES.build);
    expect(err.message).toMatch(/build failed:\n {2}index\.ts:2:\d+: Unexpected ";"/);
  });

  it('says which entry files it looks for when there is none', async () => {
    const err = await buildError({ dir: folder({ 'other.ts': 'export default 1;' }) });
    expect(err.message).toMatch(/no entry file in .*: add one of index\.ts, index\.js, index\.mjs, main\.ts, or set "main" in weft\.json/);
    expect((await buildError({ dir: join(tmpdir(), 'weft-no-such-folder') })).message).toMatch(/does not exist/);
  });

  it('refuses a bundle over 5 MB with its size and largest inputs', async () => {
    const big = 'x'.repeat(MAX_BUNDLE_BYTES + 100_000);
    const dir = folder({ 'index.ts': `import blob from './blob.js';\nexport default () => blob.length;\n`, 'blob.js': `export default "${big}";\n` });
    const err = await buildError({ dir });
    expect(err.code).toBe(DEPLOY_ERROR_CODES.tooLarge);
    expect(err.message).toMatch(/^the bundle of price@1\.0\.0 is 5,3\d\d,\d{3} bytes \(5\.1 MB\), over the limit of 5,242,880 bytes \(5 MB\); largest inputs: blob\.js \(5\.1 MB\), index\.ts/);
    // Just under the limit still deploys.
    const ok = folder({ 'index.ts': `export default () => "${'y'.repeat(MAX_BUNDLE_BYTES - 20_000)}".length;\n` });
    expect((await bundleFunction({ dir: ok }, manifest)).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  describe('hash', () => {
    const files = { ...TINY_PKG, 'index.ts': `import pad from 'tiny-pad';\nexport default (n: number) => pad(n, 3);\n` };

    it('is stable: same content, same hash — built twice, or from a copy in another folder', async () => {
      const dir = folder(files);
      const first = await bundleFunction({ dir }, manifest);
      expect(await bundleFunction({ dir }, manifest)).toEqual(first);
      const copy = join(folder({}), 'elsewhere');
      cpSync(dir, copy, { recursive: true });
      expect((await bundleFunction({ dir: copy }, manifest)).hash).toBe(first.hash);
    });

    it('ignores the manifest’s key order but changes with its content or the code', async () => {
      const dir = folder(files);
      const base = (await bundleFunction({ dir }, manifest)).hash;
      const reordered = Object.fromEntries(Object.entries(manifest).reverse()) as typeof manifest;
      expect(canonicalJson(reordered)).toBe(canonicalJson(manifest));
      expect((await bundleFunction({ dir }, reordered)).hash).toBe(base);
      expect((await bundleFunction({ dir }, { ...manifest, memoryMb: 128 })).hash).not.toBe(base);
      writeFileSync(join(dir, 'index.ts'), `import pad from 'tiny-pad';\nexport default (n: number) => pad(n, 4);\n`);
      expect((await bundleFunction({ dir }, manifest)).hash).not.toBe(base);
    });
  });
});

/**
 * Bundles a function's module and its npm imports with esbuild into ONE script for the runtime:
 * `var __weft = (() => { … })();` — the runtime evaluates it and calls `__weft.default(input, ctx)`.
 *
 * Why these options: `platform: 'neutral'` because the code runs in a bare V8 isolate (no Node, no DOM);
 * `format: 'iife'` because an isolate evaluates a script, not an ES module graph; the entry is wrapped in
 * `export { default } from '<entry>'`, so a missing default export fails the build (not the first call)
 * and a CommonJS `module.exports = fn` still becomes `__weft.default`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { MAX_SOURCE_BYTES } from '../../ports/index.js';
import type { BuildManifest } from '../manifest.js';
import { DEPLOY_ERROR_CODES, DeployError, buildError } from './errors.js';

/** A function folder (entry from `entry`, the manifest's `main`, or a default name) or in-memory files. */
export type FunctionSource = { dir: string; entry?: string } | { files: Record<string, string>; entry?: string };

export interface BundleOptions {
  /** Where the project's node_modules live (imports not found beside the function). Default: cwd. */
  projectRoot?: string;
  /** Default 5 MB. */
  maxBytes?: number;
}

export interface Bundle {
  code: string;
  /** SHA-256 (hex) of the code and the canonical manifest JSON: equal content ⇔ equal hash. */
  hash: string;
  /** Bytes of the code in UTF-8. */
  size: number;
  /**
   * The function's own modules (not npm packages, not weft.json) and its entry, to be kept with the version;
   * absent when they total over MAX_SOURCE_BYTES. Not part of `hash`.
   */
  source?: { files: Record<string, string>; entry: string };
}

export const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;
export const ENTRY_CANDIDATES = ['index.ts', 'index.js', 'index.mjs', 'main.ts'] as const;

const ENTRY_FILE = '<weft entry>';
const MANIFEST_FILE = 'weft.json';
/**
 * In-memory files live under this (non-existent) folder, used as esbuild's working directory: their
 * paths in the bundle then read `index.ts` exactly as for a folder, so the same code hashes the same
 * whichever way it was deployed.
 */
const FILES_ROOT = '/__weft_files__';
const BUILTIN = new RegExp(`^(node:.*|(${builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?)$`);

/** JSON with object keys sorted at every level: the same manifest always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The NUL separator keeps (code, manifest) pairs from colliding by shifting text between the two. */
export function contentHash(code: string, manifest: BuildManifest): string {
  return createHash('sha256').update(code).update('\0').update(canonicalJson(manifest)).digest('hex');
}

export async function bundleFunction(source: FunctionSource, manifest: BuildManifest, options: BundleOptions = {}): Promise<Bundle> {
  const projectRoot = resolve(options.projectRoot ?? process.cwd());
  const maxBytes = options.maxBytes ?? MAX_BUNDLE_BYTES;
  const setup = 'dir' in source ? dirSetup(source, manifest) : filesSetup(source, manifest, projectRoot);
  let result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[]; metafile: esbuild.Metafile };
  try {
    result = await esbuild.build({
      ...setup.options,
      bundle: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      platform: 'neutral',
      format: 'iife',
      globalName: '__weft',
      target: 'es2022',
      // 'neutral' resolves no package main fields by default; npm packages still mostly ship `main` only.
      mainFields: ['module', 'main'],
      nodePaths: [join(projectRoot, 'node_modules')],
      // Many packages branch on it; the isolate has no `process`, so it must be a constant at build time.
      define: { 'process.env.NODE_ENV': '"production"' },
      charset: 'utf8',
      plugins: [refuseNodeBuiltins, ...setup.plugins],
    });
  } catch (err) {
    throw fromEsbuild(err, setup.entry);
  }
  const code = result.outputFiles[0].text;
  const size = Buffer.byteLength(code, 'utf8');
  if (size > maxBytes) throw tooLarge(manifest, size, maxBytes, result.metafile);
  const kept = keptSource(source, setup.entry, result.metafile);
  return { code, hash: contentHash(code, manifest), size, ...(kept ? { source: kept } : {}) };
}

/**
 * The sources to keep: `{ files }` as given (paths normalised, weft.json left out); a folder's modules that
 * went into the bundle (from esbuild's metafile, outside node_modules), read back from disk.
 */
function keptSource(source: FunctionSource, entry: string, meta: esbuild.Metafile): { files: Record<string, string>; entry: string } | undefined {
  const files: Record<string, string> = {};
  if ('files' in source) {
    for (const [k, v] of Object.entries(source.files)) {
      const path = normalisePath(k);
      if (path !== MANIFEST_FILE) files[path] = v;
    }
  } else {
    const dir = resolve(source.dir);
    for (const input of Object.keys(meta.inputs)) {
      if (input === ENTRY_FILE || input.includes(':') || input.split('/').includes('node_modules')) continue;
      const abs = resolve(dir, input);
      const rel = relative(dir, abs).split(sep).join('/');
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      try {
        files[rel] = readFileSync(abs, 'utf8');
      } catch {
        return undefined; // changed under us: keep nothing rather than a wrong source
      }
    }
  }
  let total = 0;
  for (const [k, v] of Object.entries(files)) total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  if (total > MAX_SOURCE_BYTES) return undefined;
  return { files, entry: normalisePath(entry) };
}

const normalisePath = (p: string) => posix.normalize(p.split(sep).join('/')).replace(/^(\.\/)+/, '');

interface Setup {
  entry: string;
  options: esbuild.BuildOptions;
  plugins: esbuild.Plugin[];
}

function dirSetup(source: { dir: string; entry?: string }, manifest: BuildManifest): Setup {
  const dir = resolve(source.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw buildError(`function folder ${dir} does not exist`);
  const entry = source.entry ?? manifest.main ?? ENTRY_CANDIDATES.find((f) => existsSync(join(dir, f)));
  if (!entry) throw buildError(`no entry file in ${dir}: add one of ${ENTRY_CANDIDATES.join(', ')}, or set "main" in weft.json`);
  if (!existsSync(join(dir, entry))) throw buildError(`entry file ${entry} does not exist in ${dir}`);
  return {
    entry,
    // Relative to absWorkingDir, so error locations read `index.ts:3:7` and bundles do not embed the path.
    options: { absWorkingDir: dir, stdin: wrapper(`./${entry}`, dir) },
    plugins: [],
  };
}

function filesSetup(source: { files: Record<string, string>; entry?: string }, manifest: BuildManifest, projectRoot: string): Setup {
  const files = new Map(Object.entries(source.files).map(([k, v]) => [posix.normalize(k).replace(/^(\.\/)+/, ''), v]));
  const entry = source.entry ?? manifest.main ?? ENTRY_CANDIDATES.find((f) => files.has(f));
  if (!entry) throw buildError(`no entry file among the files: add one of ${ENTRY_CANDIDATES.join(', ')}, or name the entry`);
  if (!files.has(posix.normalize(entry))) throw buildError(`entry file ${entry} is not among the files`);
  return {
    entry,
    options: { absWorkingDir: FILES_ROOT, stdin: wrapper(`./${posix.normalize(entry)}`, FILES_ROOT) },
    plugins: [virtualFiles(files, projectRoot)],
  };
}

function wrapper(specifier: string, resolveDir: string): esbuild.StdinOptions {
  return { contents: `export { default } from ${JSON.stringify(specifier)};`, resolveDir, sourcefile: ENTRY_FILE, loader: 'js' };
}

const RESOLVING = Symbol('weft-resolving-builtin-name');

/**
 * Functions see no Node APIs at run time, so importing one must fail at deploy, naming the import. A bare
 * name (`events`, `buffer`) that an installed npm polyfill provides is bundled like any package; `node:` never is.
 */
const refuseNodeBuiltins: esbuild.Plugin = {
  name: 'weft-refuse-node-builtins',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, async (args) => {
      if (args.pluginData === RESOLVING) return undefined;
      if (!args.path.startsWith('node:')) {
        const { kind, importer, namespace, resolveDir } = args;
        const found = await build.resolve(args.path, { kind, importer, namespace, resolveDir, pluginData: RESOLVING });
        if (found.errors.length === 0) return { path: found.path, namespace: found.namespace, sideEffects: found.sideEffects };
      }
      return {
        errors: [{ text: `Node built-in module "${args.path}" cannot be imported: functions run without Node APIs (use ctx.fetch, ctx.secrets, ctx.log)` }],
      };
    });
  },
};

const LOADERS: Record<string, esbuild.Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.json': 'json' };
const loaderFor = (path: string): esbuild.Loader => LOADERS[posix.extname(path)] ?? 'js';

/** Serves `{ files }` sources from memory; their bare (npm) imports resolve from the project root. */
function virtualFiles(files: Map<string, string>, projectRoot: string): esbuild.Plugin {
  const find = (p: string): string | undefined => {
    const stem = p.replace(/\.(m|c)?js$/, '');
    const candidates = [p, ...['.ts', '.tsx', '.js', '.mjs', '.mts', '.json', '/index.ts', '/index.js'].map((ext) => stem + ext)];
    return candidates.find((c) => files.has(c));
  };
  const inRoot = (path: string) => path === FILES_ROOT || path.startsWith(`${FILES_ROOT}/`);
  return {
    name: 'weft-virtual-files',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!inRoot(args.resolveDir)) return undefined; // a real file's import
        const wanted = posix.relative(FILES_ROOT, posix.join(args.resolveDir, args.path));
        const found = find(wanted);
        return found ? { path: `${FILES_ROOT}/${found}` } : { errors: [{ text: `Could not resolve "${args.path}" among the function's files` }] };
      });
      // esbuild's resolver walks up real folders only: resolve as if imported from the project root.
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (!inRoot(args.resolveDir)) return undefined;
        const { kind, pluginData } = args;
        const found = await build.resolve(args.path, { kind, pluginData, resolveDir: projectRoot });
        return found.errors.length > 0 ? { errors: found.errors } : { path: found.path, namespace: found.namespace, sideEffects: found.sideEffects };
      });
      build.onLoad({ filter: /.*/ }, (args) => {
        if (!inRoot(args.path)) return undefined;
        const rel = args.path.slice(FILES_ROOT.length + 1);
        return { contents: files.get(rel), loader: loaderFor(rel), resolveDir: posix.dirname(args.path) };
      });
    },
  };
}

function formatMessage(m: esbuild.Message): string {
  const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
  return `${at}${m.text}`;
}

function fromEsbuild(err: unknown, entry: string): DeployError {
  const messages = (err as { errors?: esbuild.Message[] }).errors;
  if (!Array.isArray(messages)) return buildError(`bundling failed: ${(err as Error).message ?? String(err)}`, err);
  const lines = messages.map((m) =>
    m.location?.file === ENTRY_FILE && /for import "default"/.test(m.text)
      ? `${entry} has no default export: a function is \`export default async function (input, ctx) { … }\``
      : formatMessage(m),
  );
  return buildError(`build failed:\n${lines.map((l) => `  ${l}`).join('\n')}`, err);
}

const mb = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(2))} MB`;
const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;

function tooLarge(manifest: BuildManifest, size: number, maxBytes: number, meta: esbuild.Metafile): DeployError {
  const inputs = Object.values(meta.outputs)[0]?.inputs ?? {};
  // Naming the biggest inputs tells the author what to trim (usually one dependency).
  const biggest = Object.entries(inputs)
    .filter(([file, i]) => file !== ENTRY_FILE && i.bytesInOutput > 0)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 3)
    .map(([file, i]) => `${file} (${mb(i.bytesInOutput)})`);
  return new DeployError(
    DEPLOY_ERROR_CODES.tooLarge,
    `the bundle of ${manifest.name}@${manifest.version} is ${bytes(size)} (${mb(size)}), over the limit of ${bytes(maxBytes)} (${mb(maxBytes)}); ` +
      `largest inputs: ${biggest.join(', ')}`,
  );
}

/**
 * Deploy = manifest check + bundle + store one immutable version. Idempotent by content: redeploying the
 * same code and manifest returns the stored version (`created: false`), so a CI job can deploy on every
 * push; the same name@version with other content is refused, because running workflows pin versions.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FunctionStore, FunctionVersion } from '../../ports/index.js';
import { parseManifest } from '../manifest.js';
import { type BundleOptions, type FunctionSource, bundleFunction } from './bundle.js';
import { DEPLOY_ERROR_CODES, DeployError, ManifestError, buildError } from './errors.js';

export const MANIFEST_FILE = 'weft.json';

/** What `weft fn deploy <path>` passes: a folder, or a single file (its folder is the function folder). */
export function sourceFromPath(path: string): FunctionSource {
  const abs = resolve(path);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch (err) {
    throw buildError(`${path} does not exist`, err);
  }
  return isDir ? { dir: abs } : { dir: dirname(abs), entry: basename(abs) };
}

/** The raw weft.json beside the source (parsed JSON, not yet checked). */
export function readManifestFile(source: FunctionSource): unknown {
  let text: string | undefined;
  let where: string;
  if ('dir' in source) {
    where = join(source.dir, MANIFEST_FILE);
    try {
      text = readFileSync(where, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new ManifestError([{ pointer: '', message: `cannot read: ${(err as Error).message}` }], { source: where, cause: err });
    }
  } else {
    where = MANIFEST_FILE;
    text = source.files[MANIFEST_FILE] ?? source.files[`./${MANIFEST_FILE}`];
  }
  if (text === undefined) {
    throw new ManifestError([{ pointer: '', message: `${MANIFEST_FILE} not found beside the function (or pass a manifest)` }], { source: where });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ManifestError([{ pointer: '', message: `is not valid JSON: ${(err as Error).message}` }], { source: where, cause: err });
  }
}

export interface DeployResult {
  version: FunctionVersion;
  /** False when an identical version (same hash) was already deployed. */
  created: boolean;
}

/**
 * Deploys `source` as one immutable version. `manifestRaw` undefined → weft.json from the source.
 * Errors: WEFT_ERR_FN_MANIFEST, …_BUILD, …_TOO_LARGE, …_VERSION_EXISTS (409), or the store's own.
 */
export async function deployFunction(
  store: FunctionStore,
  source: FunctionSource,
  manifestRaw: unknown,
  now: number,
  options: BundleOptions = {},
): Promise<DeployResult> {
  const raw = manifestRaw === undefined ? readManifestFile(source) : manifestRaw;
  const manifest = parseManifest(raw, manifestRaw === undefined ? MANIFEST_FILE : undefined);
  const bundle = await bundleFunction(source, manifest, options);
  const { name, version } = manifest;
  // Checked before writing for a precise message; the store re-checks inside its transaction for races.
  const existing = await store.getVersion(name, version);
  if (existing) {
    if (existing.hash === bundle.hash) return { version: existing, created: false };
    throw versionExists(name, version);
  }
  try {
    return await store.putVersion({ name, version, hash: bundle.hash, size: bundle.size, code: bundle.code, manifest, createdAt: now, ...(bundle.source ? { source: bundle.source } : {}) });
  } catch (err) {
    // The store's code for the same conflict (store/errors.ts); matched by code because functions may not import store.
    if ((err as { code?: unknown })?.code === 'WEFT_ERR_STORE_VERSION_EXISTS') throw versionExists(name, version, err);
    throw err;
  }
}

function versionExists(name: string, version: string, cause?: unknown): DeployError {
  return new DeployError(
    DEPLOY_ERROR_CODES.versionExists,
    `${name}@${version} is already deployed with different code or manifest; versions are immutable, so bump "version" in ${MANIFEST_FILE}`,
    { cause },
  );
}

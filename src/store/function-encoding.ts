/**
 * What both FunctionStore adapters agree on: versions and aliases are checked and encoded synchronously
 * when a call is made (like ./encoding.ts for runs), manifests and routes are stored as JSON text so they
 * read back identically from both adapters, and versions are ordered by semver precedence.
 */
import type { FunctionAlias, FunctionManifest, FunctionVersion, FunctionVersionSource } from '../ports/index.js';
import { encodeJson } from './encoding.js';
import { invalid } from './errors.js';

export interface EncodedVersion {
  name: string;
  version: string;
  hash: string;
  size: number;
  code: string;
  /** The manifest as JSON text. */
  manifest: string;
  createdAt: number;
  /** `{ files, entry }` as JSON text; null when the version has no kept source, undefined when not read (listings). */
  source?: string | null;
}

export interface EncodedAlias {
  name: string;
  alias: string;
  /** The routes as JSON text. */
  routes: string;
}

function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} must be a non-empty string`);
  return value;
}

export function encodeVersion(v: FunctionVersion): EncodedVersion {
  if (!v || typeof v !== 'object') throw invalid('function version must be an object');
  if (typeof v.code !== 'string') throw invalid('function version code must be a string');
  if (!Number.isSafeInteger(v.size) || v.size < 0) throw invalid('function version size must be a non-negative integer');
  if (typeof v.createdAt !== 'number' || !Number.isFinite(v.createdAt)) throw invalid('function version createdAt must be a finite number');
  if (!v.manifest || typeof v.manifest !== 'object') throw invalid('function version manifest must be an object');
  return {
    name: checkString(v.name, 'function name'),
    version: checkString(v.version, 'function version'),
    hash: checkString(v.hash, 'function hash'),
    size: v.size,
    code: v.code,
    manifest: encodeJson(v.manifest, 'function manifest'),
    createdAt: v.createdAt,
    source: v.source === undefined ? null : encodeJson(checkSource(v.source), 'function source'),
  };
}

function checkSource(s: FunctionVersionSource): FunctionVersionSource {
  if (!s || typeof s !== 'object' || !s.files || typeof s.files !== 'object' || Array.isArray(s.files)) throw invalid('function version source must be { files, entry }');
  for (const [path, text] of Object.entries(s.files)) {
    if (path === '' || typeof text !== 'string') throw invalid('function version source files must map non-empty paths to strings');
  }
  checkString(s.entry, 'function source entry');
  return { files: s.files, entry: s.entry };
}

export function decodeVersion(row: EncodedVersion): FunctionVersion {
  return {
    name: row.name,
    version: row.version,
    hash: row.hash,
    size: row.size,
    code: row.code,
    manifest: JSON.parse(row.manifest) as FunctionManifest,
    createdAt: row.createdAt,
    ...(typeof row.source === 'string' ? { source: JSON.parse(row.source) as FunctionVersionSource } : {}),
  };
}

/** Checks the shape only; weights summing to 100 and versions existing are the deployer's rules (validateAlias). */
export function encodeAlias(a: FunctionAlias): EncodedAlias {
  if (!a || typeof a !== 'object') throw invalid('function alias must be an object');
  if (!Array.isArray(a.routes) || a.routes.length === 0) throw invalid('function alias routes must be a non-empty array');
  for (const r of a.routes) {
    if (!r || typeof r.version !== 'string' || typeof r.weight !== 'number' || !Number.isFinite(r.weight)) {
      throw invalid('each alias route needs a version string and a finite weight');
    }
  }
  return { name: checkString(a.name, 'function name'), alias: checkString(a.alias, 'alias name'), routes: encodeJson(a.routes, 'alias routes') };
}

export function decodeAlias(row: EncodedAlias): FunctionAlias {
  return { name: row.name, alias: row.alias, routes: JSON.parse(row.routes) as FunctionAlias['routes'] };
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Semver 2.0 §11 precedence of two pre-release strings (both present). */
function comparePrerelease(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (i >= x.length) return -1;
    if (i >= y.length) return 1;
    const xn = /^\d+$/.test(x[i]);
    const yn = /^\d+$/.test(y[i]);
    if (xn && yn) {
      const d = Number(x[i]) - Number(y[i]);
      if (d !== 0) return Math.sign(d);
    } else if (xn !== yn) {
      return xn ? -1 : 1; // numeric identifiers rank below alphanumeric ones
    } else if (x[i] !== y[i]) {
      return x[i] < y[i] ? -1 : 1;
    }
  }
  return 0;
}

/**
 * Newest first: semver precedence descending (1.10.0 before 1.9.0, 2.0.0 before 2.0.0-rc.1). Versions of
 * equal precedence (differing only in build metadata) and non-semver strings — which the manifest check
 * never lets through — fall back to string order, so both adapters list in the same order.
 */
export function compareVersionsDesc(a: string, b: string): number {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (x && !y) return -1;
  if (!x && y) return 1;
  if (x && y) {
    for (let i = 1; i <= 3; i++) {
      const d = Number(y[i]) - Number(x[i]);
      if (d !== 0) return Math.sign(d);
    }
    if (x[4] === undefined && y[4] !== undefined) return -1;
    if (x[4] !== undefined && y[4] === undefined) return 1;
    if (x[4] !== undefined && y[4] !== undefined) {
      const d = comparePrerelease(y[4], x[4]);
      if (d !== 0) return d;
    }
  }
  return a === b ? 0 : a < b ? 1 : -1;
}

/** The newest version of each function name, ordered by name. */
export function latestPerName<T extends { name: string; version: string }>(rows: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const r of rows) {
    const best = latest.get(r.name);
    if (!best || compareVersionsDesc(r.version, best.version) < 0) latest.set(r.name, r);
  }
  return [...latest.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Invocation records kept per function (older ones are dropped as new ones arrive). */
export const KEEP_INVOCATIONS = 1000;

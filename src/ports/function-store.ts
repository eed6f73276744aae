import type { Json } from '../shared/index.js';

/** A serverless function's manifest (weft.json), with defaults applied. */
export interface FunctionManifest {
  name: string;
  /** Semantic version, e.g. `1.2.0`. */
  version: string;
  description?: string;
  owner?: string;
  /** JSON Schemas of the input and output. */
  input?: Json;
  output?: Json;
  memoryMb: number;
  timeoutMs: number;
  maxConcurrency: number;
  minWarm: number;
  idleMs: number;
  /** Hosts `ctx.fetch` may reach. */
  egress: string[];
  /** Secret names `ctx.secrets.get` may read. */
  secrets: string[];
  /** `POST /hooks/<path>` invokes the function: { path, secret?, schema?, respond?, input? }. */
  webhook?: Json;
}

/** One immutable deployed version: the bundled code and what describes it. */
export interface FunctionVersion {
  name: string;
  version: string;
  /** SHA-256 of code + manifest: redeploying identical content is a no-op. */
  hash: string;
  size: number;
  code: string;
  manifest: FunctionManifest;
  createdAt: number;
  /**
   * The source files the code was bundled from (relative path → text; weft.json left out, the manifest is
   * `manifest`) and the entry module's path. Not part of `hash`. Absent for versions deployed before
   * sources were kept, or whose sources were over MAX_SOURCE_BYTES; `listVersions` leaves it out.
   */
  source?: FunctionVersionSource;
}

export interface FunctionVersionSource {
  files: Record<string, string>;
  entry: string;
}

/** Kept sources are bounded (UTF-8 bytes of all files together); a larger deploy still succeeds, without them. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** An alias routes to one version, or splits traffic between versions by weight (weights sum to 100). */
export interface FunctionAlias {
  name: string;
  alias: string;
  routes: { version: string; weight: number }[];
}

/**
 * Deployed function versions and aliases (how a name and a ref resolve to code). Contract suite:
 * store/contracts/function-store-contract.ts.
 */
export interface FunctionStore {
  /** Stores a version; the same name+version with the same hash is a no-op, with another hash an error. */
  putVersion(v: FunctionVersion): Promise<{ version: FunctionVersion; created: boolean }>;
  getVersion(name: string, version: string): Promise<FunctionVersion | undefined>;
  /** Versions of one function (newest first), or every function's latest version when `name` is absent. */
  listVersions(name?: string): Promise<FunctionVersion[]>;
  setAlias(alias: FunctionAlias): Promise<void>;
  getAlias(name: string, alias: string): Promise<FunctionAlias | undefined>;
  listAliases(name: string): Promise<FunctionAlias[]>;
}

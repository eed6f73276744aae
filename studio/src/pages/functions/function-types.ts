/**
 * The functions API's shapes (src/platform/platform.ts FunctionSummary/FunctionView, ports.ts
 * FunctionInvocation as `GET …/logs` sends it), restated because the studio may not import src/.
 */

export interface AliasRoute {
  version: string;
  weight: number;
}

export interface FunctionAlias {
  name: string;
  alias: string;
  routes: AliasRoute[];
}

export interface FunctionSummary {
  name: string;
  latest: string;
  description: string;
  /** Newest first. */
  versions: string[];
  aliases: FunctionAlias[];
}

export interface Manifest {
  name: string;
  version: string;
  description?: string;
  input?: unknown;
  output?: unknown;
  memoryMb: number;
  timeoutMs: number;
  [k: string]: unknown;
}

export interface FunctionVersionView {
  name: string;
  version: string;
  hash: string;
  size: number;
  createdAt: string;
  manifest: Manifest;
}

export interface FunctionDetail extends FunctionSummary {
  /** Newest first, with manifests. */
  versionsDetail: FunctionVersionView[];
}

/** One invocation (`GET /api/v1/functions/:name/logs`, newest first). */
export interface Invocation {
  id: string;
  name: string;
  version: string;
  at: string;
  cold: boolean;
  queueMs: number;
  durationMs: number;
  memoryBytes?: number;
  ok: boolean;
  error?: unknown;
  logs: { at: string; level: string; message: string; fields?: unknown }[];
}

/** Function and alias names, as the server's manifest schema takes them. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

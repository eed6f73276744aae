/**
 * Operator caps on what a function manifest may ask for, and on what one invocation may log. A manifest
 * can say `memoryMb: 1024, minWarm: 1000, maxConcurrency: 1000`; on a shared server the operator decides
 * how far that goes. A deploy over a cap is refused (WEFT_ERR_FN_MANIFEST naming the field and the cap);
 * a version deployed before a cap was lowered is clamped when its pool is created (`clampVersion`).
 */
import type { FunctionManifest, FunctionVersion } from '../ports/index.js';
import type { FunctionProblem } from './packaging/errors.js';
import { DEFAULT_LOG_LIMITS, type LogLimits } from './runtime/log-budget.js';

export { DEFAULT_LOG_LIMITS, type LogLimits };

export interface FunctionLimits {
  maxMemoryMb: number;
  maxMinWarm: number;
  /** Per function (manifest maxConcurrency). */
  maxConcurrency: number;
  maxTimeoutMs: number;
  /** Per node: instances (busy or warm) over every function's pool. */
  nodeMaxConcurrency: number;
  /**
   * Per node: draft invocations (edited code run once, never deployed) at once. Each builds a bundle and
   * starts a fresh isolate, and holds a node slot; the bound keeps drafts from crowding deployed
   * versions' warm instances out of the node.
   */
  maxDrafts: number;
  logs: LogLimits;
}

export const DEFAULT_FUNCTION_LIMITS: FunctionLimits = {
  maxMemoryMb: 256,
  maxMinWarm: 4,
  maxConcurrency: 64,
  maxTimeoutMs: 60_000,
  nodeMaxConcurrency: 256,
  maxDrafts: 4,
  logs: DEFAULT_LOG_LIMITS,
};

/** The environment variable behind each setting (named in refusals, so an author knows who to ask). */
export const LIMIT_SETTINGS = {
  maxMemoryMb: 'WEFT_FN_MAX_MEMORY_MB',
  maxMinWarm: 'WEFT_FN_MAX_MIN_WARM',
  maxConcurrency: 'WEFT_FN_MAX_CONCURRENCY',
  maxTimeoutMs: 'WEFT_FN_MAX_TIMEOUT_MS',
  nodeMaxConcurrency: 'WEFT_FN_NODE_MAX_CONCURRENCY',
  maxDrafts: 'WEFT_FN_MAX_DRAFTS',
  logLines: 'WEFT_FN_MAX_LOG_LINES',
  logBytes: 'WEFT_FN_MAX_LOG_BYTES',
  logLineBytes: 'WEFT_FN_MAX_LOG_LINE_BYTES',
} as const;

/** Reads the caps from the environment; an unset variable keeps the default, a malformed one is an error. */
export function functionLimitsFromEnv(env: NodeJS.ProcessEnv): FunctionLimits {
  const d = DEFAULT_FUNCTION_LIMITS;
  const read = (name: string, def: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${JSON.stringify(raw)}: expected an integer ≥ ${min}`);
    return n;
  };
  const S = LIMIT_SETTINGS;
  return {
    maxMemoryMb: read(S.maxMemoryMb, d.maxMemoryMb, 8),
    maxMinWarm: read(S.maxMinWarm, d.maxMinWarm, 0),
    maxConcurrency: read(S.maxConcurrency, d.maxConcurrency, 1),
    maxTimeoutMs: read(S.maxTimeoutMs, d.maxTimeoutMs, 1),
    nodeMaxConcurrency: read(S.nodeMaxConcurrency, d.nodeMaxConcurrency, 1),
    maxDrafts: read(S.maxDrafts, d.maxDrafts, 0),
    logs: {
      lines: read(S.logLines, d.logs.lines, 0),
      bytes: read(S.logBytes, d.logs.bytes, 0),
      lineBytes: read(S.logLineBytes, d.logs.lineBytes, 64),
    },
  };
}

/** What a manifest may ask for at most: the per-function concurrency cap never exceeds the node's. */
function caps(l: FunctionLimits) {
  const concurrency = Math.min(l.maxConcurrency, l.nodeMaxConcurrency);
  return {
    memoryMb: { max: l.maxMemoryMb, unit: ' MB', setting: LIMIT_SETTINGS.maxMemoryMb },
    timeoutMs: { max: l.maxTimeoutMs, unit: ' ms', setting: LIMIT_SETTINGS.maxTimeoutMs },
    maxConcurrency: { max: concurrency, unit: '', setting: concurrency < l.maxConcurrency ? LIMIT_SETTINGS.nodeMaxConcurrency : LIMIT_SETTINGS.maxConcurrency },
    minWarm: { max: Math.min(l.maxMinWarm, concurrency), unit: '', setting: LIMIT_SETTINGS.maxMinWarm },
  } as const;
}

/** Every field of the manifest over an operator cap, as manifest problems (empty when within). */
export function limitProblems(m: Partial<Pick<FunctionManifest, 'memoryMb' | 'timeoutMs' | 'maxConcurrency' | 'minWarm'>>, limits: FunctionLimits): FunctionProblem[] {
  const out: FunctionProblem[] = [];
  for (const [field, cap] of Object.entries(caps(limits)) as [keyof ReturnType<typeof caps>, { max: number; unit: string; setting: string }][]) {
    const v = m[field];
    if (typeof v === 'number' && v > cap.max) {
      out.push({ pointer: `/${field}`, message: `${v} is over this server's cap of ${cap.max}${cap.unit} (${cap.setting})` });
    }
  }
  return out;
}

/** The manifest within the caps (for versions deployed before a cap was lowered). Same object when within. */
export function clampManifest(m: FunctionManifest, limits: FunctionLimits): FunctionManifest {
  if (limitProblems(m, limits).length === 0) return m;
  const c = caps(limits);
  const maxConcurrency = Math.min(m.maxConcurrency, c.maxConcurrency.max);
  return {
    ...m,
    memoryMb: Math.min(m.memoryMb, c.memoryMb.max),
    timeoutMs: Math.min(m.timeoutMs, c.timeoutMs.max),
    maxConcurrency,
    minWarm: Math.min(m.minWarm, c.minWarm.max, maxConcurrency),
  };
}

export function clampVersion(v: FunctionVersion, limits: FunctionLimits): FunctionVersion {
  const manifest = clampManifest(v.manifest, limits);
  return manifest === v.manifest ? v : { ...v, manifest };
}

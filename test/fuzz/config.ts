/**
 * Settings shared by the property-based fuzzers (fast-check). `npm test` runs them with a fixed seed and
 * a few thousand cases in all; `npm run fuzz` sets WEFT_FUZZ_RUNS (and no seed: a random one, printed),
 * and a failure is replayed with WEFT_FUZZ_SEED=<seed> (fast-check also prints the shrunk counterexample
 * and its `path`).
 *
 *   WEFT_FUZZ_SEED   the seed (default 20261207 in npm test, random when WEFT_FUZZ_RUNS is set)
 *   WEFT_FUZZ_RUNS   cases per in-process property (default: each property's own, a few hundred);
 *                    `costly` properties (over HTTP, spawning /usr/bin/jq, deep documents) a twentieth
 *   WEFT_FUZZ_CASE_MS    bound on one in-process case (default 2000 ms): slower counts as a hang
 *   WEFT_FUZZ_REQUEST_MS bound on one HTTP request (default 10000 ms)
 */
import type { Parameters } from 'fast-check';

const LONG = Number(process.env.WEFT_FUZZ_RUNS ?? 0);
const FIXED_SEED = 20261207;

export const FUZZ_SEED: number = process.env.WEFT_FUZZ_SEED
  ? Number(process.env.WEFT_FUZZ_SEED)
  : LONG > 0
    ? Math.floor(Math.random() * 0x7fffffff)
    : FIXED_SEED;

/** True in the long mode (`npm run fuzz`). */
export const LONG_MODE = LONG > 0;

if (LONG_MODE || process.env.WEFT_FUZZ_SEED) console.log(`fuzz: seed ${FUZZ_SEED} (replay with WEFT_FUZZ_SEED=${FUZZ_SEED}), runs ${LONG || 'default'}`);

/** fast-check parameters for a property with `base` cases in npm test; `costly` properties (HTTP) scale down in the long mode. */
export function params<T>(base: number, o: { costly?: boolean } = {}): Parameters<T> {
  const numRuns = LONG_MODE ? Math.max(base, o.costly ? Math.round(LONG / 20) : LONG) : base;
  return { seed: FUZZ_SEED, numRuns, endOnFailure: false };
}

/** The vitest timeout for a property with `base` cases of about `msPerCase` each (generous: the machine is shared). */
export function timeout(base: number, msPerCase: number, o: { costly?: boolean } = {}): number {
  const n = params(base, o).numRuns ?? base;
  return Math.max(60_000, n * msPerCase * 4);
}

/** The bound on one case's wall time: a case slower than this counts as a hang. */
export const CASE_MS = Number(process.env.WEFT_FUZZ_CASE_MS ?? 2_000);

/** Runs `fn` and throws when it took longer than `bound` ms (synchronous work cannot be preempted: it is measured). */
export function bounded<T>(what: string, fn: () => T, bound = CASE_MS): T {
  const t0 = performance.now();
  let result: T;
  try {
    result = fn();
  } catch (err) {
    tooSlow(what, t0, bound);
    throw err;
  }
  tooSlow(what, t0, bound);
  return result;
}

function tooSlow(what: string, t0: number, bound: number): void {
  const ms = performance.now() - t0;
  if (ms > bound) throw new Error(`${what} took ${ms.toFixed(0)} ms (bound ${bound} ms)`);
}

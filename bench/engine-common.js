// Shared by the engine benchmarks: the workflows, a durable engine on a fresh SQLite file, and stats.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { compose } from '../dist/cli/compose.js';

/** A DSL 1.0 workflow of `n` sequential `set` tasks, each incrementing `.a`: output is `{ a: input.a + n }`. */
export function setChain(n) {
  return {
    document: { dsl: '1.0.0', namespace: 'bench', name: `set-chain-${n}`, version: '1.0.0' },
    do: Array.from({ length: n }, (_, i) => ({ [`step${i + 1}`]: { set: { a: '${ .a + 1 }' } } })),
  };
}

export const W3 = setChain(3);
export const W40 = setChain(40);

/**
 * The engine as `weft` wires it (compose: SqliteStore in WAL mode, default synchronous = FULL, system
 * clock, random UUIDs) on a new SQLite file under os.tmpdir(). `dispose()` closes it and deletes the file.
 */
export function durableEngine() {
  const dir = mkdtempSync(join(os.tmpdir(), 'weft-bench-engine-'));
  const composed = compose({ db: join(dir, 'bench.db') });
  return {
    ...composed,
    async dispose() {
      await composed.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `def` once and checks it completed with the expected output (a wrong engine is not a fast one). */
export async function checkedRun(engine, def, n) {
  const r = await engine.run(def, { a: 0 });
  if (r.status !== 'completed' || r.output?.a !== n) throw new Error(`unexpected result: ${JSON.stringify(r)}`);
  return r;
}

/** Starts `total` runs of `def`, keeping `inFlight` outstanding; resolves with the elapsed seconds. */
export async function saturate(engine, def, total, inFlight) {
  let started = 0;
  let failed = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (started < total) {
      started++;
      const r = await engine.run(def, { a: 0 });
      if (r.status !== 'completed') failed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (failed) throw new Error(`${failed} of ${total} runs did not complete`);
  return seconds;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export const round3 = (x) => Number(x.toFixed(3));

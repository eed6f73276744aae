// Memory of the durable engine: RSS and heap before and after 10,000 W3 runs (64 in flight), each
// measured after a forced GC. Needs --expose-gc; engine.bench.js spawns it as
// `node --expose-gc bench/engine-memory.js [runs] [inFlight]` and reads one JSON line from stdout.
import { W3, checkedRun, durableEngine, saturate } from './engine-common.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const RUNS = Number(process.argv[2] ?? 10_000);
const IN_FLIGHT = Number(process.argv[3] ?? 64);
const MB = 1024 * 1024;

/** Full GCs, with a turn of the event loop between them so finalizers and weak callbacks run. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
}

const snap = () => {
  const m = process.memoryUsage();
  return { rssMB: m.rss / MB, heapTotalMB: m.heapTotal / MB, heapUsedMB: m.heapUsed / MB, externalMB: m.external / MB };
};

const { engine, dispose } = durableEngine();
await checkedRun(engine, W3, 3);
const beforeWarmup = (await settle(), snap());
// Warm-up: JIT, the jq prelude and compile cache, SQLite's page cache, so "before" is a steady state.
await saturate(engine, W3, 500, IN_FLIGHT);
await settle();
const before = snap();
const seconds = await saturate(engine, W3, RUNS, IN_FLIGHT);
await settle();
const after = snap();
const activeRuns = engine.activeRuns;
await dispose();

const r = (x) => Number(x.toFixed(1));
process.stdout.write(
  JSON.stringify({
    runs: RUNS,
    inFlight: IN_FLIGHT,
    runsPerSec: Math.round(RUNS / seconds),
    rssBeforeWarmupMB: r(beforeWarmup.rssMB),
    rssBeforeMB: r(before.rssMB),
    rssAfterMB: r(after.rssMB),
    rssGrowthMB: r(after.rssMB - before.rssMB),
    heapTotalBeforeMB: r(before.heapTotalMB),
    heapTotalAfterMB: r(after.heapTotalMB),
    heapUsedBeforeMB: r(before.heapUsedMB),
    heapUsedAfterMB: r(after.heapUsedMB),
    heapGrowthMB: r(after.heapUsedMB - before.heapUsedMB),
    externalAfterMB: r(after.externalMB),
    activeRunsAfter: activeRuns,
  }) + '\n',
);

// Memory of the durable engine: RSS and heap before and after 10,000 W3 runs (64 in flight), each
// measured after forced GCs (ordinary ones, then V8's last-resort one: see settle()). Needs --expose-gc; engine.bench.js spawns it as
// `node --expose-gc bench/engine-memory.js [runs] [inFlight]` and reads one JSON line from stdout.
import v8 from 'node:v8';
import { W3, checkedRun, durableEngine, saturate } from './engine-common.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const RUNS = Number(process.argv[2] ?? 10_000);
const IN_FLIGHT = Number(process.argv[3] ?? 64);
const MB = 1024 * 1024;

/**
 * Full GCs, with a turn of the event loop between them so finalizers and weak callbacks run. `last-resort`
 * is the collection V8 runs under memory pressure: it also gives the heap's free pages back. It is the one
 * that tells retained memory (a leak) from heap capacity: from Node 22 on, V8 grows the young generation
 * under allocation pressure (to 128 MB here) and keeps it through ordinary full GCs.
 */
async function settle(flavor = 'regular') {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    // Node 20's V8 ignores this form (it collects nothing): the plain gc() above is the full GC there.
    if (flavor === 'last-resort') globalThis.gc({ type: 'major', execution: 'sync', flavor });
    await new Promise((r) => setImmediate(r));
  }
}

const newSpaceMB = () => (v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / MB;
const snap = () => {
  const m = process.memoryUsage();
  return { rssMB: m.rss / MB, heapTotalMB: m.heapTotal / MB, heapUsedMB: m.heapUsed / MB, externalMB: m.external / MB, newSpaceMB: newSpaceMB() };
};
/** After ordinary full GCs (what a process carries), then after the last-resort one (what it retains). */
const measure = async () => {
  await settle();
  const regular = snap();
  await settle('last-resort');
  return { regular, ...snap() };
};

const { engine, dispose } = durableEngine();
await checkedRun(engine, W3, 3);
const beforeWarmup = await measure();
// Warm-up: JIT, the jq prelude and compile cache, SQLite's page cache, so "before" is a steady state.
await saturate(engine, W3, 500, IN_FLIGHT);
const before = await measure();
const seconds = await saturate(engine, W3, RUNS, IN_FLIGHT);
const after = await measure();
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
    afterOrdinaryGc: {
      note: 'RSS and heap after ordinary full GCs only: includes the young generation V8 grew under load and keeps',
      rssGrowthMB: r(after.regular.rssMB - before.regular.rssMB),
      rssAfterMB: r(after.regular.rssMB),
      heapTotalAfterMB: r(after.regular.heapTotalMB),
      newSpaceBeforeMB: r(before.regular.newSpaceMB),
      newSpaceAfterMB: r(after.regular.newSpaceMB),
    },
    activeRunsAfter: activeRuns,
  }) + '\n',
);

// The durable engine in-process (compose(): SQLite file in WAL mode under os.tmpdir(), default
// synchronous = FULL, system clock): per-run latency (start → completed result, one run at a time) of
// W3 (3 `set` tasks) and W40 (40 `set` tasks), W3 throughput with 64 runs in flight, and RSS growth
// over 10,000 runs (in a child process with --expose-gc, see engine-memory.js).
// Figures are medians over ROUNDS rounds after a warm-up; the machine is noisy (2 cores).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { W3, W40, checkedRun, durableEngine, median, percentile, round3, saturate } from './engine-common.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = 7;
const LATENCY_RUNS = 1_000; // per round
const THROUGHPUT_RUNS = 6_000; // per round
const IN_FLIGHT = 64;

/** Latency percentiles (ms) of `def`, runs issued one at a time; median of each percentile over the rounds. */
async function latency(def, n) {
  const { engine, dispose } = durableEngine();
  try {
    await checkedRun(engine, def, n);
    for (let i = 0; i < 1_000; i++) await engine.run(def, { a: 0 }); // warm-up
    const rounds = { p50: [], p95: [], p99: [], mean: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const ms = new Array(LATENCY_RUNS);
      for (let i = 0; i < LATENCY_RUNS; i++) {
        const t0 = process.hrtime.bigint();
        const res = await engine.run(def, { a: 0 });
        ms[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.status !== 'completed') throw new Error(`run ${res.id} ${res.status}`);
      }
      ms.sort((a, b) => a - b);
      rounds.p50.push(percentile(ms, 50));
      rounds.p95.push(percentile(ms, 95));
      rounds.p99.push(percentile(ms, 99));
      rounds.mean.push(ms.reduce((a, b) => a + b, 0) / ms.length);
    }
    return {
      p50Ms: round3(median(rounds.p50)),
      p95Ms: round3(median(rounds.p95)),
      p99Ms: round3(median(rounds.p99)),
      meanMs: round3(median(rounds.mean)),
    };
  } finally {
    await dispose();
  }
}

/** Runs per second with `IN_FLIGHT` outstanding until THROUGHPUT_RUNS completed; median over the rounds. */
async function throughput(def, n) {
  const { engine, store, dispose } = durableEngine();
  try {
    await checkedRun(engine, def, n);
    await saturate(engine, def, 2_000, IN_FLIGHT); // warm-up
    const rates = [];
    const commitsPerRun = [];
    for (let r = 0; r < ROUNDS; r++) {
      const c0 = store.commits;
      const seconds = await saturate(engine, def, THROUGHPUT_RUNS, IN_FLIGHT);
      rates.push(THROUGHPUT_RUNS / seconds);
      commitsPerRun.push((store.commits - c0) / THROUGHPUT_RUNS);
    }
    return { runsPerSec: Math.round(median(rates)), commitsPerRun: round3(median(commitsPerRun)) };
  } finally {
    await dispose();
  }
}

function gitHead() {
  const res = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: here, encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() + (dirty.stdout.trim() ? ' (src modified)' : '') : null;
}

function memory() {
  const res = spawnSync(process.execPath, ['--expose-gc', '--no-node-snapshot', join(here, 'engine-memory.js'), '10000', String(IN_FLIGHT)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) throw new Error(`engine-memory.js failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

export async function run() {
  const w3Latency = await latency(W3, 3);
  const w3Throughput = await throughput(W3, 3);
  const w40Latency = await latency(W40, 40);
  const mem = memory();
  const results = {
    w3: { ...w3Latency, ...w3Throughput, inFlight: IN_FLIGHT, runsPerRound: THROUGHPUT_RUNS },
    w40: {
      ...w40Latency,
      // Upper bound (the whole run, commits included, over 40 tasks) and the marginal cost of a task
      // (W40 vs W3 medians: the commits and per-run work cancel out).
      perTaskMs: round3(w40Latency.p50Ms / 40),
      marginalPerTaskMs: round3((w40Latency.p50Ms - w3Latency.p50Ms) / 37),
    },
    memory: mem,
    setup: {
      store: 'SqliteStore (WAL, synchronous FULL) via compose(), file under os.tmpdir()',
      commit: gitHead(),
      rounds: ROUNDS,
      latencyRunsPerRound: LATENCY_RUNS,
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
  };
  const targets = {
    w3P50Ms: { target: '<= 0.5', actual: results.w3.p50Ms, pass: results.w3.p50Ms <= 0.5 },
    w3RunsPerSec: { target: '>= 5000', actual: results.w3.runsPerSec, pass: results.w3.runsPerSec >= 5_000 },
    w40P50Ms: { target: '<= 4', actual: results.w40.p50Ms, pass: results.w40.p50Ms <= 4 },
    rssGrowthMB: { target: '<= 50', actual: mem.rssGrowthMB, pass: mem.rssGrowthMB <= 50 },
  };
  return { results, targets };
}

// The function benchmark's measurements in one process, so functions.bench.js can run them under
// different node flags (plain `node` and `node --no-node-snapshot`). Spawned as
// `node [flags] bench/functions-measure.js [quick]` and prints one JSON line on stdout.
//   cold: new isolate + compile (sandbox + bundle) + first call of an echo function, deploy excluded;
//   warm: one invocation of the echo function on a warm instance through FunctionPool (and, for the
//         breakdown, Instance.invoke without the pool);
//   w3f:  3 sequential `call: fibo:1.0.0@default` tasks on the durable engine (compose()), latency one
//         run at a time and throughput with 64 in flight.
// Everything uses the isolate runtime in inline mode (what compose() wires). Figures are medians of the
// per-round figures over ROUNDS rounds, after a warm-up. Run counts are small because each W3F run does
// 4 durable commits (start, one per function result, the last one with the end).
import { createIsolateRuntime } from '../dist/functions/runtime/isolate-runtime.js';
import { FunctionPool } from '../dist/functions/pool/pool.js';
import { ECHO_SRC, FIBO_10, FIBO_SRC, W3F, deploy, durable, median, minimalHost, msSince, now, percentile, round1, round3 } from './functions-common.js';

const quick = process.argv[2] === 'quick';
const ROUNDS = quick ? 3 : 5;
const COLD_PER_ROUND = quick ? 40 : 60;
const WARM_PER_ROUND = 5_000;
const W3F_LATENCY_RUNS = quick ? 300 : 400; // per round
const W3F_THROUGHPUT_RUNS = 1_000; // per round
const IN_FLIGHT = 64;

const INPUT = { id: 'order-42', amount: 12.5, tags: ['a', 'b'] };

function check(out, expected) {
  if (JSON.stringify(out) !== JSON.stringify(expected)) throw new Error(`unexpected output ${JSON.stringify(out)}, expected ${JSON.stringify(expected)}`);
}

/** Cold start: runtime.create(version) + the first invoke; disposal is not timed. */
async function cold(echo) {
  const runtime = createIsolateRuntime({ mode: 'inline' });
  const host = minimalHost();
  const sample = async () => {
    const t0 = now();
    const inst = await runtime.create(echo);
    const createMs = msSince(t0);
    const out = await inst.invoke(INPUT, host);
    const totalMs = msSince(t0);
    inst.dispose();
    check(out, INPUT);
    return { totalMs, createMs, firstCallMs: totalMs - createMs };
  };
  for (let i = 0; i < 20; i++) await sample(); // warm-up: the host side's JIT
  const rounds = { p50: [], p95: [], createP50: [], firstCallP50: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const s = [];
    for (let i = 0; i < COLD_PER_ROUND; i++) s.push(await sample());
    const total = s.map((x) => x.totalMs).sort((a, b) => a - b);
    rounds.p50.push(percentile(total, 50));
    rounds.p95.push(percentile(total, 95));
    rounds.createP50.push(median(s.map((x) => x.createMs)));
    rounds.firstCallP50.push(median(s.map((x) => x.firstCallMs)));
  }
  return {
    p50Ms: round3(median(rounds.p50)),
    p95Ms: round3(median(rounds.p95)),
    createP50Ms: round3(median(rounds.createP50)),
    firstCallP50Ms: round3(median(rounds.firstCallP50)),
    samplesPerRound: COLD_PER_ROUND,
  };
}

/** Per-call µs of `call()`, ROUNDS rounds of WARM_PER_ROUND calls after a warm-up. */
async function perCall(call) {
  for (let i = 0; i < 2_000; i++) await call();
  const rounds = { p50: [], p95: [], mean: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const us = new Array(WARM_PER_ROUND);
    const tr = now();
    for (let i = 0; i < WARM_PER_ROUND; i++) {
      const t0 = now();
      await call();
      us[i] = Number(now() - t0) / 1e3;
    }
    rounds.mean.push(msSince(tr) * 1e3 / WARM_PER_ROUND);
    us.sort((a, b) => a - b);
    rounds.p50.push(percentile(us, 50));
    rounds.p95.push(percentile(us, 95));
  }
  return { p50Us: round1(median(rounds.p50)), p95Us: round1(median(rounds.p95)), meanUs: round1(median(rounds.mean)) };
}

/** Warm invocations of the echo function: through FunctionPool (the figure), and Instance.invoke alone. */
async function warm(echo) {
  const runtime = createIsolateRuntime({ mode: 'inline' });
  const host = minimalHost();
  const pool = new FunctionPool(echo, runtime);
  check((await pool.invoke(INPUT, host)).output, INPUT);
  let last;
  const viaPool = await perCall(async () => {
    last = await pool.invoke(INPUT, host);
  });
  check(last.output, INPUT);
  if (last.cold) throw new Error('the pool created an instance during the warm measurement');
  const stats = pool.stats();
  await pool.close();
  const inst = await runtime.create(echo);
  const direct = await perCall(() => inst.invoke(INPUT, host));
  inst.dispose();
  return { pool: { ...viaPool, instances: stats.instances, coldStarts: stats.coldStarts }, instance: direct };
}

/** Starts `total` runs of W3F keeping `inFlight` outstanding; resolves with the elapsed seconds. */
async function saturate(engine, total, inFlight) {
  let started = 0;
  let firstFailure;
  let failed = 0;
  const t0 = now();
  const worker = async () => {
    while (started < total) {
      started++;
      const r = await engine.run(W3F, {});
      if (r.status !== 'completed') {
        failed++;
        firstFailure ??= r;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = msSince(t0) / 1e3;
  if (failed) throw new Error(`${failed} of ${total} W3F runs did not complete, e.g. ${JSON.stringify(firstFailure).slice(0, 600)}`);
  return seconds;
}

async function w3fEngine() {
  const d = durable();
  // maxConcurrency = the runs in flight: with the default (10, queue 20) most of 64 lockstep runs are
  // throttled (see throttledWithDefaults).
  await deploy(d.store, 'fibo', FIBO_SRC, { maxConcurrency: IN_FLIGHT });
  const r = await d.engine.run(W3F, {});
  if (r.status !== 'completed' || r.output?.value !== FIBO_10) throw new Error(`unexpected W3F result: ${JSON.stringify(r).slice(0, 600)}`);
  return d;
}

async function w3fLatency() {
  const d = await w3fEngine();
  try {
    for (let i = 0; i < 300; i++) await d.engine.run(W3F, {}); // warm-up
    const rounds = { p50: [], p95: [], p99: [], mean: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const ms = new Array(W3F_LATENCY_RUNS);
      for (let i = 0; i < W3F_LATENCY_RUNS; i++) {
        const t0 = now();
        const res = await d.engine.run(W3F, {});
        ms[i] = msSince(t0);
        if (res.status !== 'completed') throw new Error(`run ${res.id} ${res.status}`);
      }
      ms.sort((a, b) => a - b);
      rounds.p50.push(percentile(ms, 50));
      rounds.p95.push(percentile(ms, 95));
      rounds.p99.push(percentile(ms, 99));
      rounds.mean.push(ms.reduce((a, b) => a + b, 0) / ms.length);
    }
    return { p50Ms: round3(median(rounds.p50)), p95Ms: round3(median(rounds.p95)), p99Ms: round3(median(rounds.p99)), meanMs: round3(median(rounds.mean)) };
  } finally {
    await d.dispose();
  }
}

async function w3fThroughput() {
  const d = await w3fEngine();
  try {
    await saturate(d.engine, 500, IN_FLIGHT); // warm-up
    const rates = [];
    const commitsPerRun = [];
    for (let r = 0; r < ROUNDS; r++) {
      const c0 = d.store.commits;
      const seconds = await saturate(d.engine, W3F_THROUGHPUT_RUNS, IN_FLIGHT);
      rates.push(W3F_THROUGHPUT_RUNS / seconds);
      commitsPerRun.push((d.store.commits - c0) / W3F_THROUGHPUT_RUNS);
    }
    return { runsPerSec: Math.round(median(rates)), commitsPerRun: round3(median(commitsPerRun)), inFlight: IN_FLIGHT, runsPerRound: W3F_THROUGHPUT_RUNS };
  } finally {
    await d.dispose();
  }
}

const only = process.argv[3]; // optional: cold | warm | w3f (for profiling one part)
const d = durable();
const echo = await deploy(d.store, 'echo', ECHO_SRC);
await d.dispose();
const out = { execArgv: process.execArgv, rounds: ROUNDS };
if (!only || only === 'cold') out.cold = await cold(echo);
if (!only || only === 'warm') out.warm = await warm(echo);
// quick (the --no-node-snapshot comparison): W3F latency only, its cost is SQLite, not the isolates.
if (!only || only === 'w3f') out.w3f = { ...(await w3fLatency()), ...(quick ? {} : await w3fThroughput()) };
process.stdout.write(JSON.stringify(out) + '\n');

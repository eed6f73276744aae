// Hostile load beside normal traffic (`npm run bench -- hostile`): a Weft server as `weft dev` in a child
// process (bench/hostile-server.js, which measures its own event-loop delay with monitorEventLoopDelay)
// serves W3 runs (3 `set` tasks, POST …/runs with `Prefer: wait=5`, 32 connections, autocannon) while
// the bench process sends a hostile mix beside them, each kind about once a second:
//   regex     a `set` task whose jq runs a catastrophic regex: "a" * 40 + "!" | test("^(a+)+$")
//   loop      a `then:` self-loop (a set task whose `then` names itself), capped by WEFT_RUN_MAX_TRANSITIONS
//   yaml      PUT /api/v1/workflows with a 60,000-key YAML mapping (~600 KB)
//   logging   a function writing 20,000 log lines per invocation
//   schema    an event whose data meets an event type's JSON Schema `pattern: ^(a+)+$` (ReDoS in ajv)
// Each kind is first tried alone on its own fresh server: a kind that stalls the event loop for more
// than PROBE_STALL_MS (or kills the server) is left out of the mix, with a note — today's code hangs on
// several of them; the bench still runs and says so (target `allHostileKindsRan`).
// Phases, each ROUND_SECONDS, interleaved over ROUNDS rounds (figures are medians over rounds):
//   w3Alone     W3 alone                  w3Hostile   W3 with the hostile mix beside it
//   w3fAlone    W3F alone (3 sequential calls of fibo(10); bench/http.bench.js's workload)
// Event-loop delay (p99, max) is the server's own, over each phase's window.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { CASES, call, load, median, provision, round3 } from './http-common.js';
import { setChain } from './engine-common.js';
import { forkServer } from './server-process.js';
import { HOSTILE_KINDS, hostileSetup } from './hostile-kinds.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const CONNECTIONS = 32;
/** A kind that holds the event loop longer than this when tried alone is left out of the mix. */
const PROBE_STALL_MS = 1_000;
/** How long a probe watches the server after sending one hostile request. */
const PROBE_WATCH_MS = 4_000;
/** Each hostile kind is sent about this often (ms) during the hostile phase. */
const HOSTILE_EVERY_MS = 1_000;
/** W3 throughput with the hostile mix, as a share of W3 alone, that the target asks for. */
const HOSTILE_THROUGHPUT_SHARE = 0.8;
/**
 * W3 and W3F alone before issue 13 (commit ef3f18a): the fast path must stay within 5 % of these. W3F is
 * the figure bench/results/http.json held at that commit (same workload: 32 connections, Prefer: wait=5);
 * W3 over HTTP has no committed figure: WEFT_BENCH_W3_BASELINE (runs/s, measured with this benchmark on
 * ef3f18a on the same machine) supplies it, else the comparison is only reported.
 */
const BASELINE_COMMIT = 'ef3f18a';
function baseline() {
  let w3fRunsPerSec = null;
  const res = spawnSync('git', ['show', `${BASELINE_COMMIT}:bench/results/http.json`], { cwd: join(here, '..'), encoding: 'utf8' });
  if (res.status === 0) w3fRunsPerSec = JSON.parse(res.stdout).results?.w3f?.runsPerSec ?? null;
  const w3 = Number(process.env.WEFT_BENCH_W3_BASELINE);
  return { commit: BASELINE_COMMIT, w3RunsPerSec: Number.isFinite(w3) && w3 > 0 ? w3 : null, w3fRunsPerSec };
}

const W3 = setChain(3);
const ENV = { WEFT_RUN_MAX_TRANSITIONS: '10000', WEFT_LOG_LEVEL: 'warn' };

async function startChild() {
  const s = await forkServer(join(here, 'hostile-server.js'), ['dev'], { env: ENV, label: 'hostile-bench server' });
  const ask = async (type) => {
    const m = s.next(type);
    s.child.send({ type });
    return m;
  };
  return {
    ...s,
    ask,
    /** Kills the child (a hung server cannot stop gracefully), then removes its database. */
    async kill() {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        const gone = new Promise((r) => s.child.once('exit', r));
        s.child.kill('SIGKILL');
        await gone;
      }
      await s.stop().catch(() => {});
    },
  };
}

const w3Case = () => ({
  method: 'POST',
  path: `/api/v1/workflows/bench/${W3.document.name}/runs`,
  body: '{"a":0}',
  headers: { 'content-type': 'application/json', prefer: 'wait=5' },
  verify: (body) => {
    const run = JSON.parse(body);
    return run.status === 'completed' && run.output?.a === 3;
  },
});

async function provisionAll(url) {
  await provision(url); // echo, fibo, W3F (checked once)
  await call(url, 'PUT', '/api/v1/workflows', W3);
  const run = await call(url, 'POST', `/api/v1/workflows/bench/${W3.document.name}/runs`, { a: 0 }, { headers: { prefer: 'wait=5' }, ok: [200] });
  if (run.status !== 'completed' || run.output?.a !== 3) throw new Error(`W3 run not completed: ${JSON.stringify(run)}`);
}

/** GET /healthz with a timeout: its latency in ms, or Infinity. */
async function healthz(url, timeoutMs) {
  const t0 = performance.now();
  try {
    const res = await fetch(url + '/healthz', { signal: AbortSignal.timeout(timeoutMs) });
    await res.text();
    return res.ok ? performance.now() - t0 : Infinity;
  } catch {
    return Infinity;
  }
}

/** One kind alone on a fresh server: the worst /healthz wait while one hostile request runs. */
async function probe(kind) {
  const s = await startChild();
  try {
    await provisionAll(s.url);
    await hostileSetup(s.url, kind);
    const pending = kind.send(s.url, PROBE_WATCH_MS * 3).catch((err) => ({ error: err.message }));
    let worst = 0;
    const end = performance.now() + PROBE_WATCH_MS;
    while (performance.now() < end) {
      const ms = await healthz(s.url, PROBE_WATCH_MS);
      worst = Math.max(worst, ms);
      if (ms === Infinity) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const alive = s.child.exitCode === null && s.child.signalCode === null;
    const outcome = worst === Infinity ? { error: 'no answer (server hung)' } : await Promise.race([pending, new Promise((r) => setTimeout(() => r({ error: 'no answer yet' }), 2_000))]);
    return { kind: kind.name, worstHealthzMs: worst === Infinity ? null : round3(worst), alive, outcome, ok: alive && worst <= PROBE_STALL_MS };
  } finally {
    await s.kill();
  }
}

/** Sends every kind of `kinds` about every HOSTILE_EVERY_MS until stop() is called; counts answers by status. */
function hostileMix(url, kinds) {
  const counts = Object.fromEntries(kinds.map((k) => [k.name, {}]));
  let stopping = false;
  const loops = kinds.map(async (k, i) => {
    await new Promise((r) => setTimeout(r, (i * HOSTILE_EVERY_MS) / Math.max(1, kinds.length)));
    while (!stopping) {
      const t0 = performance.now();
      const r = await k.send(url, 15_000).catch((err) => ({ status: err.name === 'TimeoutError' ? 'timeout' : 'error' }));
      counts[k.name][r.status] = (counts[k.name][r.status] ?? 0) + 1;
      const wait = HOSTILE_EVERY_MS - (performance.now() - t0);
      if (wait > 0 && !stopping) await new Promise((res) => setTimeout(res, wait));
    }
  });
  return {
    async stop() {
      stopping = true;
      await Promise.all(loops);
      return counts;
    },
  };
}

/** One phase: `c` under autocannon for `seconds`, with the server's event-loop delay over it. */
async function phase(s, c, seconds, beside) {
  await s.ask('eld-reset');
  const mix = beside ? beside() : undefined;
  const res = await load(s.url, c, { connections: CONNECTIONS, seconds });
  const eld = await s.ask('eld');
  const hostile = mix ? await mix.stop() : undefined;
  return { res, eld, hostile };
}

function gitHead() {
  const res = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: join(here, '..'), encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

export async function run() {
  const probes = [];
  for (const kind of HOSTILE_KINDS) probes.push(await probe(kind));
  const mixKinds = HOSTILE_KINDS.filter((k) => probes.find((p) => p.kind === k.name)?.ok);
  for (const p of probes) if (!p.ok) console.error(`hostile: ${p.kind} left out of the mix: ${p.alive ? `/healthz waited ${p.worstHealthzMs ?? `> ${PROBE_WATCH_MS}`} ms` : 'the server died'}`);

  const s = await startChild();
  const per = { w3Alone: [], w3Hostile: [], w3fAlone: [] };
  const hostileCounts = {};
  try {
    await provisionAll(s.url);
    for (const k of mixKinds) await hostileSetup(s.url, k);
    // Warm-up: both workloads once.
    await load(s.url, w3Case(), { connections: CONNECTIONS, seconds: 2 });
    await load(s.url, CASES.w3f(), { connections: CONNECTIONS, seconds: 2 });
    for (let r = 0; r < ROUNDS; r++) {
      per.w3Alone.push(await phase(s, w3Case(), ROUND_SECONDS));
      per.w3Hostile.push(await phase(s, w3Case(), ROUND_SECONDS, mixKinds.length ? () => hostileMix(s.url, mixKinds) : undefined));
      per.w3fAlone.push(await phase(s, CASES.w3f(), ROUND_SECONDS));
      for (const { hostile } of per.w3Hostile.slice(-1)) for (const [k, c] of Object.entries(hostile ?? {})) for (const [st, n] of Object.entries(c)) ((hostileCounts[k] ??= {})[st] = (hostileCounts[k]?.[st] ?? 0) + n);
    }
    const afterHealthz = await healthz(s.url, 5_000);
    return report(per, probes, mixKinds, hostileCounts, afterHealthz);
  } finally {
    await s.kill();
  }
}

function summary(rounds) {
  const m = (f) => round3(median(rounds.map(f)));
  const failures = rounds.reduce((n, { res }) => n + res.non200 + res.errors + res.timeouts + res.mismatches, 0);
  return {
    runsPerSec: Math.round(median(rounds.map(({ res }) => res.perSec))),
    perSecRange: [Math.round(Math.min(...rounds.map(({ res }) => res.perSec))), Math.round(Math.max(...rounds.map(({ res }) => res.perSec)))],
    p50Ms: m(({ res }) => res.p50Ms),
    p99Ms: m(({ res }) => res.p99Ms),
    eventLoopDelayP99Ms: m(({ eld }) => eld.p99Ms),
    eventLoopDelayMaxMs: m(({ eld }) => eld.maxMs),
    eventLoopDelayMaxOverRoundsMs: Math.max(...rounds.map(({ eld }) => eld.maxMs)),
    serverRssMB: rounds.at(-1).eld.rssMB,
    failures,
    rounds: rounds.length,
  };
}

function report(per, probes, mixKinds, hostileCounts, afterHealthz) {
  const base = baseline();
  const w3Alone = summary(per.w3Alone);
  const w3Hostile = summary(per.w3Hostile);
  const w3fAlone = summary(per.w3fAlone);
  const skipped = probes.filter((p) => !p.ok).map((p) => p.kind);
  const results = {
    w3Alone,
    w3Hostile: { ...w3Hostile, hostileKinds: mixKinds.map((k) => k.name), hostileAnswers: hostileCounts, throughputShareOfAlone: round3(w3Hostile.runsPerSec / w3Alone.runsPerSec) },
    w3fAlone,
    probes,
    healthzAfterMs: afterHealthz === Infinity ? null : round3(afterHealthz),
    baseline: base,
    setup: {
      server: 'startServer() from dist/cli/server-command.js in a child process (bench/hostile-server.js), weft dev, WEFT_RUN_MAX_TRANSITIONS=10000; event-loop delay: perf_hooks.monitorEventLoopDelay (10 ms resolution) in the server',
      loadGenerator: `autocannon, ${CONNECTIONS} connections, Prefer: wait=5; hostile kinds each about every ${HOSTILE_EVERY_MS} ms from the bench process`,
      probe: `each kind alone on a fresh server first; left out when /healthz waited > ${PROBE_STALL_MS} ms or the server died`,
      commit: gitHead(),
      rounds: ROUNDS,
      roundSeconds: ROUND_SECONDS,
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
  };
  const within = (actual, base) => (base ? actual >= 0.95 * base : true);
  const targets = {
    eventLoopDelayP99UnderHostileMs: { target: '<= 50 (server event-loop delay p99 while W3 and the hostile mix run)', actual: w3Hostile.eventLoopDelayP99Ms, pass: w3Hostile.eventLoopDelayP99Ms <= 50 },
    allHostileKindsRan: { target: `0 kinds left out (a kind stalling the loop > ${PROBE_STALL_MS} ms alone is left out)`, actual: skipped.length ? skipped.join(', ') : 0, pass: skipped.length === 0 },
    w3ThroughputUnderHostile: { target: `>= ${HOSTILE_THROUGHPUT_SHARE} × W3 alone`, actual: results.w3Hostile.throughputShareOfAlone, pass: results.w3Hostile.throughputShareOfAlone >= HOSTILE_THROUGHPUT_SHARE },
    w3AloneVsBaseline: { target: base.w3RunsPerSec ? `>= 0.95 × ${base.w3RunsPerSec} runs/s (${base.commit}, WEFT_BENCH_W3_BASELINE)` : 'reported (no baseline: set WEFT_BENCH_W3_BASELINE)', actual: w3Alone.runsPerSec, pass: within(w3Alone.runsPerSec, base.w3RunsPerSec) },
    w3fAloneVsBaseline: { target: base.w3fRunsPerSec ? `>= 0.95 × ${base.w3fRunsPerSec} runs/s (bench/results/http.json at ${base.commit})` : 'reported (no baseline found)', actual: w3fAlone.runsPerSec, pass: within(w3fAlone.runsPerSec, base.w3fRunsPerSec) },
    noFailedW3Runs: { target: '0 failed W3/W3F requests (non-200, errors, timeouts, bad bodies)', actual: w3Alone.failures + w3Hostile.failures + w3fAlone.failures, pass: w3Alone.failures + w3Hostile.failures + w3fAlone.failures === 0 },
    serverAnswersAfter: { target: '/healthz answers after the run', actual: results.healthzAfterMs, pass: results.healthzAfterMs !== null },
  };
  return { results, targets };
}

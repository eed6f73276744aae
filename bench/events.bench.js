// CloudEvents ingest and delivery over the HTTP API on loopback (`npm run bench -- events`). Weft servers
// started as `weft dev` (startServer from dist/) in child processes (bench/events-server.js), each on a
// fresh SQLite file (WAL, synchronous FULL), loaded from this process (node:http, keep-alive): the load
// generator and the server each have their own event loop and, on the 2-core machine, their own core.
// Provisioned through the HTTP API: function `sink` (export default async (e) => ({ ok: true, id: e.id }),
// manifest maxConcurrency 64), workflow bench/onevent (one `set` task whose output is the event's id), and
// subscriptions by event type (PUT /api/v1/subscriptions/{name}):
//   bench.ingest.sub → function sink     bench.e2e.fn → function sink     bench.e2e.wf → workflow bench/onevent
//   bench.ingest.none has no subscription.
// Cases:
//   ingestSub{4,16}   POST /api/v1/events with batches of 100 distinct events (unique ids) of a subscribed
//                     type, closed loop over 4 and 16 connections: every event is stored with its delivery in
//                     the same commit, and the dispatcher delivers (invokes sink) alongside. After each round
//                     the backlog is drained (every delivery settled) before anything else runs; figures:
//                     events/s accepted, request latency, deliveries/s (from the round's start to the last
//                     delivery settled), the share delivered while the load ran, the drain time.
//   ingestNone{4,16}  the same with a type no subscription matches: the events alone.
//   sustained         the subscribed type offered at 5,000 events/s (50 batches/s, the ingest target), open
//                     loop: does delivery keep up, and the stored → delivered lag per event at that load.
//   e2eFunction       one event at a time (1 connection): POST one bench.e2e.fn event, then wait until the
//                     server reports its delivery settled. Phases, from issuing the POST: stored (the append
//                     committed), invoked (sink returned), settled (the delivery's outcome committed: the
//                     end-to-end figure), and answered (the 202 received here).
//   e2eWorkflow       the same with bench.e2e.wf: completed (the run's end journaled: the end-to-end figure)
//                     and settled (the delivery recorded).
//   defaultManifestProbe  a probe, not a figure: a function deployed with the manifest defaults
//                     (maxConcurrency 10, queue 20) subscribed, under the 16-connection ingest: are
//                     deliveries throttled (the dispatcher runs 32 at once) and retried?
// The phases are observed in the server process by wrapping the composed app's instances (events-server.js:
// store.events.append/settle, telemetry.onInvocation/onLifecycle) and timed with process.hrtime
// (CLOCK_MONOTONIC, shared by both processes). Ingest cases run on one server, interleaved round by round
// (ROUNDS rounds, each sized by its warm-up to about ROUND_SECONDS); the end-to-end cases on a second server
// (small database), interleaved too. Figures are medians of per-round figures; end-to-end percentiles are
// over every sample. Server CPU time (process.cpuUsage in the child) and store commits are per event or per
// batch. Any answer other than 202 with 100 accepted non-duplicates in order, socket error, delivery retried
// or dead, or invocation failure fails the benchmark (target `noFailures`, exit code 1).
// `node bench/events-profile.js` profiles the server for these cases.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBSCRIPTIONS, TYPES, batchLoad, drain, endToEnd, median, pacedBatches, percentile, phase, provision, round3, startEventsServer } from './events-common.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = 5;
const ROUND_SECONDS = 3;
const WARMUP_SECONDS = 2;
const BATCH = 100;
/** The ingest target (events/s), also the rate offered in the sustained case. */
const TARGET_EVENTS_PER_SEC = 5_000;
const E2E_TARGET_P50_MS = 5;
const E2E_WARMUP = 300;
const E2E_PER_ROUND = 100;

const round1 = (x) => Number(x.toFixed(1));

/** A closed-loop ingest case; with `subscribed`, each round also waits for every delivery to settle. */
function ingest(server, { type, connections, subscribed }) {
  const failures = { answers: 0, errors: 0, retried: 0, dead: 0, invocations: 0, pendingLeft: 0, examples: [] };
  const per = { eps: [], p50: [], p90: [], p99: [], cpuUs: [], commits: [], util: [], gen: [], dps: [], during: [], drainS: [], cpuAllUs: [], commitsAll: [] };
  let batches = 0;
  let events = 0;
  const note = (res) => {
    failures.answers += res.failed - res.errors;
    failures.errors += res.errors;
    failures.examples.push(...res.firstFailures.slice(0, 3 - failures.examples.length));
  };
  const settle = async (a, count) => {
    const d = await drain(server, a, count);
    failures.retried += d.settledRetry - a.settledRetry;
    failures.dead += d.settledDead - a.settledDead;
    failures.invocations += d.invocationsFailed - a.invocationsFailed;
    if ((await server.pending()) !== null) failures.pendingLeft++;
    return d;
  };
  return {
    async warmUp() {
      const a = await server.mark();
      const warm = await batchLoad(server.url, { type, connections, seconds: WARMUP_SECONDS, size: BATCH });
      note(warm);
      if (subscribed) await settle(a, warm.events);
      batches = Math.max(connections * 10, Math.round((warm.batchesPerSec * ROUND_SECONDS) / connections) * connections);
    },
    async round() {
      const a = await server.mark();
      const res = await batchLoad(server.url, { type, connections, batches, size: BATCH });
      const b = await server.mark();
      note(res);
      events += res.events;
      per.eps.push(res.eventsPerSec);
      per.p50.push(res.p50Ms);
      per.p90.push(res.p90Ms);
      per.p99.push(res.p99Ms);
      per.cpuUs.push((b.cpuUs - a.cpuUs) / res.events);
      per.commits.push((b.commits - a.commits) / res.answers);
      per.util.push((b.cpuUs - a.cpuUs) / (b.hrtimeUs - a.hrtimeUs));
      per.gen.push(res.loadGenCpuUs / (res.wallS * 1e6));
      if (subscribed) {
        const d = await settle(a, res.events);
        per.during.push((b.settledDone - a.settledDone) / res.events);
        per.dps.push(res.events / ((d.lastSettleUs - a.hrtimeUs) / 1e6));
        per.drainS.push((d.lastSettleUs - b.hrtimeUs) / 1e6);
        per.cpuAllUs.push((d.cpuUs - a.cpuUs) / res.events);
        per.commitsAll.push((d.commits - a.commits) / res.events);
      }
    },
    result() {
      return {
        eventsPerSec: Math.round(median(per.eps)),
        eventsPerSecRange: [Math.round(Math.min(...per.eps)), Math.round(Math.max(...per.eps))],
        p50Ms: round3(median(per.p50)),
        p90Ms: round3(median(per.p90)),
        p99Ms: round3(median(per.p99)),
        // While the load ran (with a subscription, the dispatcher's work in that window is included).
        serverCpuUsPerEvent: round1(median(per.cpuUs)),
        serverCpuUtil: round3(median(per.util)),
        commitsPerBatch: round3(median(per.commits)),
        loadGenCpuUtil: round3(median(per.gen)),
        ...(subscribed
          ? {
              // From the round's start to the last delivery settled (every event delivered once).
              deliveriesPerSec: Math.round(median(per.dps)),
              deliveredDuringLoadShare: round3(median(per.during)),
              drainSecondsAfterLoad: round3(median(per.drainS)),
              // Ingest and delivery together: from the round's start to the last delivery settled.
              serverCpuUsPerEventDelivered: round1(median(per.cpuAllUs)),
              commitsPerEventDelivered: round3(median(per.commitsAll)),
            }
          : {}),
        connections,
        batchSize: BATCH,
        batchesPerRound: batches,
        rounds: per.eps.length,
        events,
        failures,
      };
    },
  };
}

/** Open loop at TARGET_EVENTS_PER_SEC with the subscribed type: does delivery keep up, and with what lag. */
function sustained(server, { connections = 16 } = {}) {
  const failures = { answers: 0, errors: 0, retried: 0, dead: 0, invocations: 0, examples: [] };
  const per = { eps: [], p50: [], p99: [], lag50: [], lag90: [], lag99: [], lagMax: [], backlog: [], drainMs: [], cpuUs: [], util: [] };
  const once = async (seconds, record) => {
    await server.track(true);
    const a = await server.mark();
    const res = await pacedBatches(server.url, { type: TYPES.ingestSub, eventsPerSec: TARGET_EVENTS_PER_SEC, seconds, connections, size: BATCH });
    const b = await server.mark();
    const d = await drain(server, a, res.events);
    const lags = await server.track(false);
    failures.answers += res.failed - res.errors;
    failures.errors += res.errors;
    failures.examples.push(...res.firstFailures.slice(0, 3 - failures.examples.length));
    failures.retried += d.settledRetry - a.settledRetry;
    failures.dead += d.settledDead - a.settledDead;
    failures.invocations += d.invocationsFailed - a.invocationsFailed;
    if (!record) return;
    per.eps.push(res.eventsPerSec);
    per.p50.push(res.p50Ms);
    per.p99.push(res.p99Ms);
    per.lag50.push(percentile(lags, 50) / 1000);
    per.lag90.push(percentile(lags, 90) / 1000);
    per.lag99.push(percentile(lags, 99) / 1000);
    per.lagMax.push(lags[lags.length - 1] / 1000);
    per.backlog.push(res.events - (b.settledDone - a.settledDone));
    per.drainMs.push(Math.max(0, (d.lastSettleUs - b.hrtimeUs) / 1000));
    per.cpuUs.push((d.cpuUs - a.cpuUs) / res.events);
    per.util.push((b.cpuUs - a.cpuUs) / (b.hrtimeUs - a.hrtimeUs));
  };
  return {
    warmUp: () => once(1, false),
    round: () => once(ROUND_SECONDS, true),
    result: () => ({
      offeredEventsPerSec: TARGET_EVENTS_PER_SEC,
      acceptedEventsPerSec: Math.round(median(per.eps)),
      requestP50Ms: round3(median(per.p50)),
      requestP99Ms: round3(median(per.p99)),
      // Stored (append committed) → delivered (settle committed), per event, in the server.
      deliveryLagP50Ms: round3(median(per.lag50)),
      deliveryLagP90Ms: round3(median(per.lag90)),
      deliveryLagP99Ms: round3(median(per.lag99)),
      deliveryLagMaxMs: round3(median(per.lagMax)),
      // Deliveries not yet settled when the last answer came, and how long after it the last one settled.
      backlogAtLoadEnd: Math.round(median(per.backlog)),
      lastDeliveryAfterLoadMs: round3(median(per.drainMs)),
      serverCpuUsPerEventDelivered: round1(median(per.cpuUs)),
      serverCpuUtil: round3(median(per.util)),
      connections,
      rounds: per.eps.length,
      failures,
    }),
  };
}

/** Sequential end-to-end latency through one subscription; `workflow`: its target is a workflow. */
function e2e(server, { type, subscription, workflow }) {
  const all = [];
  const per = { p50: [], cpuUs: [], commits: [] };
  const failures = { count: 0, examples: [] };
  const headline = workflow ? 'completed' : 'settled';
  const once = async (count, record) => {
    const a = await server.mark();
    const { samples, failures: f } = await endToEnd(server, { type, subscription, count, workflow });
    const b = await server.mark();
    failures.count += f.length + (b.settledRetry - a.settledRetry) + (b.settledDead - a.settledDead) + (b.invocationsFailed - a.invocationsFailed);
    failures.examples.push(...f.slice(0, 3 - failures.examples.length));
    if (!record) return;
    all.push(...samples);
    per.p50.push(phase(samples, headline).p50);
    per.cpuUs.push((b.cpuUs - a.cpuUs) / count);
    per.commits.push((b.commits - a.commits) / count);
  };
  return {
    warmUp: () => once(E2E_WARMUP, false),
    round: () => once(E2E_PER_ROUND, true),
    result: () => {
      const h = phase(all, headline);
      return {
        p50Ms: h.p50,
        p90Ms: h.p90,
        p99Ms: h.p99,
        maxMs: h.max,
        p50MsPerRound: per.p50,
        endsAt: workflow ? 'run completed (end journaled)' : 'delivery settled (function returned, outcome committed)',
        phasesMs: Object.fromEntries(['stored', 'answered', ...(workflow ? ['completed'] : ['invoked']), 'settled'].map((k) => [k, phase(all, k)])),
        serverCpuUsPerEvent: round1(median(per.cpuUs)),
        commitsPerEvent: round3(median(per.commits)),
        samples: all.length,
        failures,
      };
    },
  };
}

/** sink-default (manifest defaults) subscribed, under the 16-connection ingest: throttling is recorded, not a failure. */
async function defaultManifestProbe(server) {
  const a = await server.mark();
  const res = await batchLoad(server.url, { type: TYPES.ingestDefault, connections: 16, seconds: 2, size: BATCH });
  const d = await drain(server, a, res.events, { timeoutMs: 180_000 });
  return {
    note: 'sink deployed with the manifest defaults (maxConcurrency 10, queue 20) behind a subscription, 16-connection ingest for 2 s; not part of the targets',
    events: res.events,
    eventsPerSec: Math.round(res.eventsPerSec),
    delivered: d.settledDone - a.settledDone,
    retried: d.settledRetry - a.settledRetry,
    dead: d.settledDead - a.settledDead,
    invocationsFailed: d.invocationsFailed - a.invocationsFailed,
    invocationsThrottled: d.invocationsThrottled - a.invocationsThrottled,
    lastDeliveryAfterLoadS: round3((d.lastSettleUs - a.hrtimeUs) / 1e6 - res.wallS),
    answerFailures: res.failed,
  };
}

function gitHead() {
  const res = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: join(here, '..'), encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: join(here, '..'), encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() + (dirty.stdout.trim() ? ' (src modified)' : '') : null;
}

/** What was measured: dist/ as built when (the benchmark runs dist/, which may predate src/ edits). */
function distInfo() {
  const built = statSync(join(here, '..', 'dist', 'cli', 'server-command.js')).mtimeMs;
  const newer = spawnSync('find', ['src', '-name', '*.ts', '!', '-name', '*.test.ts', '-newer', 'dist/cli/server-command.js'], { cwd: join(here, '..'), encoding: 'utf8' });
  const files = newer.status === 0 ? newer.stdout.split('\n').filter(Boolean) : [];
  return { builtAt: new Date(built).toISOString(), srcFilesNewerThanDist: files };
}

export async function run() {
  const servers = [];
  try {
    const ingestServer = await startEventsServer();
    servers.push(ingestServer);
    const e2eServer = await startEventsServer();
    servers.push(e2eServer);
    await provision(ingestServer.url);
    await provision(e2eServer.url);
    const ingestCases = {
      ingestSub4: ingest(ingestServer, { type: TYPES.ingestSub, connections: 4, subscribed: true }),
      ingestSub16: ingest(ingestServer, { type: TYPES.ingestSub, connections: 16, subscribed: true }),
      ingestNone4: ingest(ingestServer, { type: TYPES.ingestNone, connections: 4 }),
      ingestNone16: ingest(ingestServer, { type: TYPES.ingestNone, connections: 16 }),
      sustained: sustained(ingestServer),
    };
    const e2eCases = {
      e2eFunction: e2e(e2eServer, { type: TYPES.e2eFunction, subscription: SUBSCRIPTIONS.e2eFunction }),
      e2eWorkflow: e2e(e2eServer, { type: TYPES.e2eWorkflow, subscription: SUBSCRIPTIONS.e2eWorkflow, workflow: true }),
    };
    const cases = { ...ingestCases, ...e2eCases };
    for (const c of Object.values(cases)) await c.warmUp();
    for (let r = 0; r < ROUNDS; r++) for (const c of Object.values(cases)) await c.round();
    const m = Object.fromEntries(Object.entries(cases).map(([k, c]) => [k, c.result()]));
    const probe = await defaultManifestProbe(ingestServer);
    const end = { ingest: await ingestServer.mark(), e2e: await e2eServer.mark() };
    return report(m, probe, end);
  } finally {
    for (const s of servers) await s.stop();
  }
}

function report(m, defaultManifestProbe, end) {
  const { ingestSub4, ingestSub16, ingestNone4, ingestNone16, sustained: sus, e2eFunction, e2eWorkflow } = m;
  const count = (f) => f.answers + f.errors + f.retried + f.dead + f.invocations + (f.pendingLeft ?? 0);
  const failures = {
    ingestSub4: count(ingestSub4.failures),
    ingestSub16: count(ingestSub16.failures),
    ingestNone4: count(ingestNone4.failures),
    ingestNone16: count(ingestNone16.failures),
    sustained: count(sus.failures),
    e2eFunction: e2eFunction.failures.count,
    e2eWorkflow: e2eWorkflow.failures.count,
  };
  const totalFailures = Object.values(failures).reduce((a, b) => a + b, 0);
  const ingestEps = Math.min(ingestSub4.eventsPerSec, ingestSub16.eventsPerSec);
  const results = {
    ingestSub4,
    ingestSub16,
    ingestNone4,
    ingestNone16,
    sustained: sus,
    e2eFunction,
    e2eWorkflow,
    defaultManifestProbe,
    comparison: {
      // What storing a delivery with each event adds to ingest (server CPU while the load ran includes the
      // dispatcher's concurrent work; see serverCpuUsPerEventDelivered for the whole cost).
      subscriptionIngestThroughputRatio16: round3(ingestSub16.eventsPerSec / ingestNone16.eventsPerSec),
      deliveryCpuUsPerEvent16: round1(ingestSub16.serverCpuUsPerEventDelivered - ingestNone16.serverCpuUsPerEvent),
      // Accepted faster than delivered: the backlog grows by this many events per second of full-speed ingest.
      backlogGrowthPerSec16: Math.round(ingestSub16.eventsPerSec * (1 - ingestSub16.deliveredDuringLoadShare)),
    },
    failures,
    setup: {
      server: 'startServer() from dist/cli/server-command.js (weft dev) in child processes (bench/events-server.js): one for the ingest cases, one for the end-to-end cases; WEFT_LOG_LEVEL=info',
      store: 'SqliteStore (WAL, synchronous FULL) via compose(), a new file under os.tmpdir() per server',
      loadGenerator: 'node:http keep-alive agent in the bench process, a distinct body per request (unique ids), every answer parsed and checked',
      provisioned: 'function sink (maxConcurrency 64) and sink-default (manifest defaults), workflow bench/onevent (one set task), subscriptions by type, all through the HTTP API',
      observation: 'store.events.append/settle and telemetry.onInvocation/onLifecycle wrapped in the server process; process.hrtime (CLOCK_MONOTONIC) in both processes',
      commit: gitHead(),
      dist: distInfo(),
      rounds: ROUNDS,
      roundSeconds: ROUND_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      e2eSamplesPerRound: E2E_PER_ROUND,
      serverRssMB: { ingest: end.ingest.rssMB, e2e: end.e2e.rssMB },
      eventsStored: { ingest: end.ingest.eventsStored, e2e: end.e2e.eventsStored },
      interleaved: 'one round of each case in turn, ROUNDS times',
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
  };
  const targets = {
    ingestEventsPerSec: { target: `>= ${TARGET_EVENTS_PER_SEC} (batches of 100, subscribed type, worst of 4 and 16 connections)`, actual: ingestEps, pass: ingestEps >= TARGET_EVENTS_PER_SEC },
    ingestNoSubscriptionEventsPerSec: { target: `>= ${TARGET_EVENTS_PER_SEC} (no subscription, worst of 4 and 16 connections)`, actual: Math.min(ingestNone4.eventsPerSec, ingestNone16.eventsPerSec), pass: Math.min(ingestNone4.eventsPerSec, ingestNone16.eventsPerSec) >= TARGET_EVENTS_PER_SEC },
    e2eFunctionP50Ms: { target: `<= ${E2E_TARGET_P50_MS} (POST → delivery settled, sequential)`, actual: e2eFunction.p50Ms, pass: e2eFunction.p50Ms <= E2E_TARGET_P50_MS },
    e2eWorkflowP50Ms: { target: `<= ${E2E_TARGET_P50_MS} (POST → run completed, sequential)`, actual: e2eWorkflow.p50Ms, pass: e2eWorkflow.p50Ms <= E2E_TARGET_P50_MS },
    noFailures: { target: '0 answers other than 202 with 100 accepted, errors, retried or dead deliveries, failed invocations', actual: totalFailures, pass: totalFailures === 0 },
  };
  if (totalFailures) {
    console.error(`events: ${totalFailures} failures: ${JSON.stringify(failures)}`);
    process.exitCode = 1;
  }
  return { results, targets };
}

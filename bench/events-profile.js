// Profiles the Weft server under the events benchmark's load (not run by bench/run.js):
//   node bench/events-profile.js [cases] [seconds] [outDir] [--perf]
//   cases: comma-separated of ingestNone, ingestSub, e2eFunction, e2eWorkflow (default all); seconds of load
//   (default 5; the end-to-end cases send one event at a time for that long)
// For each case: a fresh server (events-server.js, `weft dev`) under `node --cpu-prof`, provisioned over HTTP,
// a warm-up, then the measured load. ingestSub has two windows: the load (16 connections, batches of 100,
// ingest and the dispatcher's concurrent deliveries) and the drain after it (delivery alone). The summary
// (http-profile-summary.js, with dist/events and the cloudevents package given their own areas) keeps only
// the samples of each window.
// With --perf, Linux perf samples the server instead (node --perf-basic-prof; summary by
// http-perf-summary.js) for `seconds` inside each window: V8's sampler over-counts native calls that block
// (SQLite's COMMIT with its fsync, socket and IPC writes), perf's timer samples do not, and they see the
// kernel and every thread.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SUBSCRIPTIONS, TYPES, batchLoad, drain, endToEnd, phase, provision, startEventsServer } from './events-common.js';
import { format, summarize } from './http-profile-summary.js';
import { formatPerf, perfSummary } from './http-perf-summary.js';

const args = process.argv.slice(2);
const usePerf = args.includes('--perf');
const [casesArg, secondsArg, outArg] = args.filter((a) => a !== '--perf');
const PERF_HZ = 1999;
const ALL = ['ingestNone', 'ingestSub', 'e2eFunction', 'e2eWorkflow'];
const cases = casesArg ? casesArg.split(',') : ALL;
const SECONDS = Number(secondsArg ?? 5);
const OUT = outArg ?? '/tmp/weft-events-prof';
const INTERVAL_US = 250;

/** http-profile-summary knows the HTTP benchmark's areas; give the events code and its package their own. */
function regroup(s) {
  const areas = new Map();
  for (const [a, us] of s.areas) {
    const k = /dist\/events\//.test(a) ? 'events (dist/events)' : a === 'other package: cloudevents' ? 'cloudevents package (validation)' : a;
    areas.set(k, (areas.get(k) ?? 0) + us);
  }
  return { ...s, areas: [...areas].sort((x, y) => y[1] - x[1]) };
}

for (const name of cases) {
  if (!ALL.includes(name)) throw new Error(`unknown case ${name}`);
  const dir = join(OUT, `${name}-${usePerf ? 'perf-' : ''}${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const server = await startEventsServer({ flags: usePerf ? ['--perf-basic-prof'] : ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${INTERVAL_US}`], cwd: dir });
  const windows = [];
  /** With --perf: samples the server for SECONDS from now; resolves with the marks around perf's window. */
  let perfCount = 0;
  const perfWindow = () => {
    if (!usePerf) return undefined;
    const file = join(dir, `perf-${++perfCount}.data`);
    return (async () => {
      const a = await server.mark();
      const perf = spawn('perf', ['record', '-F', String(PERF_HZ), '-g', '-p', String(server.pid), '-o', file, '--', 'sleep', String(SECONDS)], { stdio: 'ignore' });
      await new Promise((resolve) => perf.on('exit', resolve));
      const b = await server.mark();
      return { file, a, b };
    })();
  };
  const loadSeconds = usePerf ? SECONDS + 1 : SECONDS;
  try {
    await provision(server.url);
    if (name.startsWith('ingest')) {
      const type = name === 'ingestSub' ? TYPES.ingestSub : TYPES.ingestNone;
      const w0 = await server.mark();
      const warm = await batchLoad(server.url, { type, connections: 16, seconds: 2 });
      if (name === 'ingestSub') await drain(server, w0, warm.events);
      const a = await server.mark();
      const loading = batchLoad(server.url, { type, connections: 16, seconds: loadSeconds });
      const perfed = await perfWindow();
      const res = await loading;
      const b = await server.mark();
      windows.push({ label: `${name} load: ${Math.round(res.eventsPerSec)} events/s, request p50 ${res.p50Ms.toFixed(1)} ms, failures ${res.failed}`, a, b, per: res.events, unit: 'event', perfed, perfField: 'eventsStored' });
      if (name === 'ingestSub') {
        const draining = drain(server, a, res.events);
        const perfedDrain = await perfWindow();
        const d = await draining;
        const delivered = d.settledDone - b.settledDone;
        windows.push({ label: `${name} drain (delivery alone): ${delivered} deliveries in ${((d.hrtimeUs - b.hrtimeUs) / 1e6).toFixed(2)} s`, a: b, b: d, per: delivered, unit: 'delivery', perfed: perfedDrain, perfField: 'settledDone' });
      }
    } else {
      const workflow = name === 'e2eWorkflow';
      const o = { type: workflow ? TYPES.e2eWorkflow : TYPES.e2eFunction, subscription: workflow ? SUBSCRIPTIONS.e2eWorkflow : SUBSCRIPTIONS.e2eFunction, workflow };
      await endToEnd(server, { ...o, count: 200 });
      const a = await server.mark();
      const samples = [];
      const perfing = perfWindow();
      while ((await server.mark()).hrtimeUs - a.hrtimeUs < loadSeconds * 1e6) samples.push(...(await endToEnd(server, { ...o, count: 200 })).samples);
      const b = await server.mark();
      const h = phase(samples, workflow ? 'completed' : 'settled');
      windows.push({ label: `${name}: ${samples.length} events one at a time, p50 ${h.p50} ms, p99 ${h.p99} ms`, a, b, per: samples.length, unit: 'event', perfed: await perfing, perfField: 'settledDone' });
    }
  } finally {
    await server.stop();
  }
  const file = usePerf ? undefined : join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
  const profile = usePerf ? undefined : JSON.parse(readFileSync(file, 'utf8'));
  for (const w of windows) {
    const cpu = w.b.cpuUs - w.a.cpuUs;
    console.log(`\n=== ${w.label}\nserver CPU ${(cpu / w.per).toFixed(1)} µs/${w.unit} (kernel ${((100 * (w.b.systemUs - w.a.systemUs)) / cpu).toFixed(0)}%, util ${(cpu / (w.b.hrtimeUs - w.a.hrtimeUs)).toFixed(2)}; under the profiler), commits/${w.unit} ${((w.b.commits - w.a.commits) / w.per).toFixed(3)}`);
    if (usePerf) {
      // Units in perf's window, from the server's counters (events stored or deliveries settled).
      const p = w.perfed;
      const units = p.b[w.perfField] - p.a[w.perfField];
      console.log(`perf data: ${p.file} (${units} ${w.unit === 'event' && w.perfField === 'settledDone' ? 'events' : w.unit + 's'} in perf's window; "req" below is one of them)`);
      console.log(formatPerf(perfSummary(p.file, server.pid, units)));
      continue;
    }
    console.log(`profile: ${file}\n(again: node bench/http-profile-summary.js ${file} --from ${w.a.hrtimeUs} --to ${w.b.hrtimeUs})`);
    console.log(format(regroup(summarize(profile, { from: w.a.hrtimeUs, to: w.b.hrtimeUs, top: 30 })), { perRequestDivisor: w.per }).replace(/µs\/req/g, `µs/${w.unit}`));
  }
}

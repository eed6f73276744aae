// Profiles the Weft server under the HTTP benchmark's load (not run by bench/run.js):
//   node bench/http-profile.js [cases] [seconds] [outDir] [--perf]
//   cases: comma-separated of healthz, echo, echoAuth, w3f (default echo,w3f); seconds of load (default 10)
// For each case: a fresh server (http-server.js, `weft dev`; `weft serve` with an API key for echoAuth)
// under `node --cpu-prof`, the functions and W3F provisioned over HTTP, a 3 s warm-up, then the measured
// load (32 connections, autocannon in this process). The server writes its profile when it stops; the
// summary (http-profile-summary.js) keeps only the samples of the measured window.
// With --perf, Linux perf samples the server instead (node --perf-basic-prof; summary by
// http-perf-summary.js): on this machine V8's sampler over-counts some native calls (writev, fsync in
// SQLite's COMMIT, crypto.randomBytes); perf's timer samples do not, and they see the kernel and every thread.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, NO_RATE_LIMITS, load, newAdminKey, provision, startServerProcess } from './http-common.js';
import { format, summarize } from './http-profile-summary.js';
import { formatPerf, perfSummary } from './http-perf-summary.js';

const args = process.argv.slice(2);
const usePerf = args.includes('--perf');
const [casesArg, secondsArg, outArg] = args.filter((a) => a !== '--perf');
const cases = (casesArg ?? 'echo,w3f').split(',');
const SECONDS = Number(secondsArg ?? 10);
const OUT = outArg ?? '/tmp/weft-http-prof';
const INTERVAL_US = 250;
const PERF_HZ = 1999;

for (const name of cases) {
  if (!['healthz', 'echo', 'echoAuth', 'w3f'].includes(name)) throw new Error(`unknown case ${name}`);
  const dir = join(OUT, `${name}-${usePerf ? 'perf-' : ''}${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const key = newAdminKey();
  const auth = name === 'echoAuth' ? { authorization: `Bearer ${key}` } : {};
  const server = await startServerProcess(name === 'echoAuth' ? 'serve' : 'dev', {
    flags: usePerf ? ['--perf-basic-prof'] : ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${INTERVAL_US}`],
    env: name === 'echoAuth' ? { WEFT_ADMIN_KEY: key, WEFT_RATE_LIMITS: NO_RATE_LIMITS } : {},
    cwd: dir, // --perf-basic-prof makes V8 write isolate-*-v8.log files into the working directory
  });
  let a, b, res, perfExit;
  const perfFile = join(dir, 'perf.data');
  try {
    await provision(server.url, auth);
    const c = name === 'healthz' ? CASES.healthz() : name === 'w3f' ? CASES.w3f() : CASES.echo(auth);
    await load(server.url, c, { connections: 32, seconds: 3 });
    if (usePerf) {
      // perf samples for SECONDS while the load runs for a little longer, so the window is all load.
      const perf = spawn('perf', ['record', '-F', String(PERF_HZ), '-g', '-p', String(server.pid), '-o', perfFile, '--', 'sleep', String(SECONDS)], { stdio: 'ignore' });
      perfExit = new Promise((resolve) => perf.on('exit', resolve));
    }
    a = await server.mark();
    res = await load(server.url, c, { connections: 32, seconds: usePerf ? SECONDS + 0.5 : SECONDS });
    b = await server.mark();
    await perfExit;
  } finally {
    await server.stop();
  }
  const header = `\n=== ${name}: ${Math.round(res.perSec)} req/s, p50 ${res.p50Ms.toFixed(2)} ms, server CPU ${((b.cpuUs - a.cpuUs) / res.answers).toFixed(1)} µs/req (kernel ${((100 * (b.systemUs - a.systemUs)) / (b.cpuUs - a.cpuUs)).toFixed(0)}%; under the profiler), non-200 ${res.non200}, commits/req ${((b.commits - a.commits) / res.answers).toFixed(3)}`;
  console.log(header);
  if (usePerf) {
    console.log(`perf data: ${perfFile}`);
    // Requests in perf's window: the answers scaled to its length.
    console.log(formatPerf(perfSummary(perfFile, server.pid, Math.round(res.perSec * SECONDS))));
  } else {
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
    console.log(`profile: ${file}\n(again: node bench/http-profile-summary.js ${file} --from ${a.hrtimeUs} --to ${b.hrtimeUs})`);
    console.log(format(summarize(JSON.parse(readFileSync(file, 'utf8')), { from: a.hrtimeUs, to: b.hrtimeUs, top: 40 }), { perRequestDivisor: res.answers }));
  }
}

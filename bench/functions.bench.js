// Serverless functions (issue 4 "Proof"): cold start (new isolate + compile + first call of an echo
// function, deploy excluded), warm invocation overhead of an echo function through FunctionPool, the W3F
// workflow (3 sequential `call: fibo:1.0.0@default`, fibo(10) each) on the in-process durable engine
// (latency one run at a time, throughput with 64 in flight), and memory per warm instance (N = 50).
// All with the isolate runtime in inline mode, what compose() wires for in-process use.
// The measurements run in child processes (functions-measure.js, functions-memory.js), once under
// `node --no-node-snapshot` (the figures the targets use: `weft` starts node so, as isolated-vm asks on
// Node >= 20) and once under plain `node`, to show whether the flag matters.
// Figures are medians over several rounds after a warm-up; the machine is noisy (2 cores).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIBO_SRC, W3F, deploy, durable } from './functions-common.js';

const here = dirname(fileURLToPath(import.meta.url));
const N_INSTANCES = 50;

function child(script, flags, args = []) {
  const res = spawnSync(process.execPath, [...flags, join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`${script} ${flags.join(' ')} failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

/**
 * What 64 W3F runs in flight get with the manifest defaults (maxConcurrency 10, queue 20): runs move in
 * lockstep, so most invocations find the pool full and are refused (WEFT_ERR_FN_THROTTLED). The
 * throughput figure deploys fibo with maxConcurrency 64 instead; this records why.
 */
async function throttledWithDefaults(runs = 500, inFlight = 64) {
  const d = durable();
  try {
    await deploy(d.store, 'fibo', FIBO_SRC);
    let started = 0;
    let throttled = 0;
    let other = 0;
    const worker = async () => {
      while (started < runs) {
        started++;
        const r = await d.engine.run(W3F, {});
        if (r.status === 'completed') continue;
        if (r.error?.code === 'WEFT_ERR_FN_THROTTLED') throttled++;
        else other++;
      }
    };
    for (let round = 0; round < 2; round++) {
      // The second round is the figure (the first creates the instances).
      started = throttled = other = 0;
      await Promise.all(Array.from({ length: inFlight }, worker));
    }
    return { runs, inFlight, throttledRuns: throttled, otherFailures: other, maxConcurrency: 10 };
  } finally {
    await d.dispose();
  }
}

function gitHead() {
  const res = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: here, encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() + (dirty.stdout.trim() ? ' (src modified)' : '') : null;
}

export async function run() {
  const main = child('functions-measure.js', ['--no-node-snapshot']);
  const mainMem = child('functions-memory.js', ['--expose-gc', '--no-node-snapshot'], [String(N_INSTANCES)]);
  const plain = child('functions-measure.js', [], ['quick']);
  const plainMem = child('functions-memory.js', ['--expose-gc'], [String(N_INSTANCES)]);
  const defaults = await throttledWithDefaults();
  const results = {
    coldStart: main.cold,
    warmInvocation: main.warm,
    w3f: { ...main.w3f, fiboManifest: { maxConcurrency: 64 }, withDefaultManifest: defaults },
    memory: mainMem,
    plainNode: {
      note: 'same measurements under plain node, without --no-node-snapshot (fewer rounds; W3F latency only)',
      coldStart: plain.cold,
      warmInvocation: plain.warm,
      w3f: plain.w3f,
      memory: plainMem,
    },
    setup: {
      runtime: "isolate runtime (isolated-vm), mode 'inline'",
      store: 'SqliteStore (WAL, synchronous FULL) via compose(), file under os.tmpdir()',
      commit: gitHead(),
      rounds: main.rounds,
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
  };
  const c = results.coldStart;
  const w = results.warmInvocation.pool;
  const f = results.w3f;
  const m = results.memory;
  const targets = {
    coldStartP50Ms: { target: '<= 5', actual: c.p50Ms, pass: c.p50Ms <= 5 },
    warmOverheadP50Us: { target: '<= 50', actual: w.p50Us, pass: w.p50Us <= 50 },
    w3fP50Ms: { target: '<= 1', actual: f.p50Ms, pass: f.p50Ms <= 1 },
    w3fRunsPerSec: { target: '>= 3000', actual: f.runsPerSec, pass: f.runsPerSec >= 3_000 },
    memoryPerInstanceMB: { target: '<= 2', actual: m.rssPerInstanceMB, pass: m.rssPerInstanceMB <= 2 },
  };
  return { results, targets };
}

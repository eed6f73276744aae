// Throughput of compiled jq filters, compile time, and the real jq for reference.
import { spawnSync } from 'node:child_process';
import { compile } from '../dist/expr/index.js';
import { compileProgram } from '../dist/expr/program.js';

const ROUNDS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Calls per second of fn over ~200 ms, median of ROUNDS rounds. */
function rate(fn) {
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < 200_000_000n) {
      for (let i = 0; i < 10_000; i++) fn();
      n += 10_000;
      elapsed = process.hrtime.bigint() - start;
    }
    rounds.push(n / (Number(elapsed) / 1e9));
  }
  return Math.round(median(rounds));
}

/** jq's own rate on the same filter: one process over many inputs (parse + eval + print). */
function jqRate(filter, input, count = 200_000) {
  const text = (JSON.stringify(input) + '\n').repeat(count);
  const times = [];
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint();
    const res = spawnSync('jq', ['-c', filter], { input: text, maxBuffer: 1 << 30 });
    if (res.status !== 0) return null;
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return Math.round(count / median(times));
}

// A 200-character filter exercising most of the syntax.
const LONG =
  '.orders | map(select(.status == "open" and (.total // 0) > 10)) | group_by(.customer) | map({customer: .[0].customer, count: length, total: (map(.total) | add), last: (map(.at) | max)}) | sort_by(-.total)';

export async function run() {
  const input = { a: { b: 42 }, b: [1, 2, 3, 4, 5] };
  const path = compile('.a.b');
  const obj = compile('{x: .a, y: [.b[] | . * 2]}');
  const results = {
    pathEvalsPerSec: rate(() => path.first(input)),
    objectEvalsPerSec: rate(() => obj.first(input)),
  };
  if (LONG.length < 195 || LONG.length > 205) throw new Error(`LONG is ${LONG.length} characters`);
  const compileRounds = [];
  for (let i = 0; i < 5000; i++) compileProgram(LONG); // warm the JIT, as a long-running server is
  for (let r = 0; r < ROUNDS; r++) {
    const n = 2000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) compileProgram(LONG);
    compileRounds.push(Number(process.hrtime.bigint() - start) / 1e3 / n);
  }
  results.compile200CharsMicros = Number(median(compileRounds).toFixed(2));
  results.jqPathEvalsPerSec = jqRate('.a.b', input);
  results.jqObjectEvalsPerSec = jqRate('{x: .a, y: [.b[] | . * 2]}', input);
  const targets = {
    pathEvalsPerSec: { target: '>= 2000000', actual: results.pathEvalsPerSec, pass: results.pathEvalsPerSec >= 2_000_000 },
    objectEvalsPerSec: { target: '>= 300000', actual: results.objectEvalsPerSec, pass: results.objectEvalsPerSec >= 300_000 },
    compile200CharsMicros: { target: '< 50', actual: results.compile200CharsMicros, pass: results.compile200CharsMicros < 50 },
  };
  return { results, targets };
}

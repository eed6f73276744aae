// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by area (engine interpreter, jq,
// store/SQLite, promises and the event loop, GC, …) and the top functions by self time.
//   node bench/engine-profile-summary.js <file.cpuprofile> [topN]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/engine-profile-summary.js <file.cpuprofile> [topN]');
const TOP = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: each sample's time delta goes to the node it hit.
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** The area of a frame, from its script URL (built code under dist/, node internals, native). */
function area(cf) {
  const url = cf.url ?? '';
  const fn = cf.functionName;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8/native (program)';
  if (/\/dist\/engine\/core\//.test(url)) {
    return /expressions\.js$/.test(url) ? 'engine: expression glue (expressions.js)' : 'engine: interpreter (engine/core)';
  }
  if (/\/dist\/engine\/runtime\//.test(url)) return 'engine: driver (engine/runtime)';
  if (/\/dist\/expr\//.test(url)) return 'jq evaluation (dist/expr)';
  if (/\/dist\/store\//.test(url)) return 'store JS (dist/store: encode, group commit)';
  if (/better-sqlite3/.test(url)) return 'SQLite (better-sqlite3 JS wrapper)';
  if (/\/dist\/cli\//.test(url)) return 'cli adapters';
  if (/\/bench\//.test(url)) return 'bench harness';
  if (url.startsWith('node:internal/process/task_queues') || url.startsWith('node:internal/timers')) return 'event loop: microtasks/setImmediate';
  if (url.startsWith('node:')) return 'node internals (' + url.replace(/^node:internal\//, '') + ')';
  if (!url) {
    // Native functions without a script: attribute by their caller's area (e.g. better-sqlite3's
    // `run`/`get` bindings, JSON.stringify, crypto.randomUUID).
    return null;
  }
  return 'other: ' + url;
}

function areaOf(id) {
  let cur = id;
  const own = byId.get(id).callFrame;
  const nativeName = own.functionName || '(anonymous)';
  while (cur !== undefined) {
    const a = area(byId.get(cur).callFrame);
    if (a) {
      if (cur === id) return a;
      if (a.startsWith('SQLite') || /\/dist\/store\//.test(byId.get(cur).callFrame.url)) return `SQLite native (${nativeName}, from store)`;
      return `native ${nativeName} (called from ${a})`;
    }
    cur = parent.get(cur);
  }
  return `native ${nativeName}`;
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const areas = new Map();
const fns = new Map();
for (const [id, us] of selfUs) {
  const a = areaOf(id);
  areas.set(a, (areas.get(a) ?? 0) + us);
  const cf = byId.get(id).callFrame;
  const key = `${cf.functionName || '(anonymous)'}  ${cf.url ? cf.url.replace(/^.*\/(dist|node_modules)\//, '$1/') + ':' + (cf.lineNumber + 1) : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}

const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5) + '%';
const ms = (us) => (us / 1000).toFixed(0).padStart(7) + ' ms';
console.log(`total sampled: ${(total / 1e6).toFixed(2)} s, ${profile.samples.length} samples\n\nself time by area:`);
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`${pct(us)} ${ms(us)}  ${a}`);
console.log(`\ntop ${TOP} functions by self time:`);
for (const [k, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`${pct(us)} ${ms(us)}  ${k}`);

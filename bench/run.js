// `npm run bench`: runs every bench/<name>.bench.js against the built code (dist/) and writes
// bench/results/<name>.json. Benchmarks report medians over several rounds; the machine is noisy.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** What the figures ran on: Node.js and the native modules' versions (the isolated-vm line follows Node's). */
async function runtimeVersions() {
  let isolatedVm = null;
  try {
    const { loadIsolatedVm } = await import('../dist/functions/runtime/isolated-vm.js');
    const { name, version } = loadIsolatedVm();
    isolatedVm = `${name}@${version}`;
  } catch {
    // Code from before the loader (benchmarking an older checkout), or no isolated-vm at all.
    try {
      isolatedVm = `isolated-vm@${require('isolated-vm/package.json').version}`;
    } catch {
      // Functions fall back to worker threads; the functions benchmark says so itself.
    }
  }
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  const sqlite = db.prepare('select sqlite_version() as v').get().v;
  db.close();
  return { node: process.version, v8: process.versions.v8, isolatedVm, betterSqlite3: require('better-sqlite3/package.json').version, sqlite };
}
const runtime = await runtimeVersions();
console.log(`bench: Node.js ${runtime.node} (V8 ${runtime.v8}), ${runtime.isolatedVm ?? 'no isolated-vm'}, better-sqlite3 ${runtime.betterSqlite3} (SQLite ${runtime.sqlite})`);
/**
 * The machine's CPU counters (/proc/stat, Linux): `steal` is time the hypervisor gave this VM's vCPUs to
 * someone else. On this shared 2-vCPU machine the same code has measured twice as fast one hour as the
 * next; the steal share and the load beside a result say whether the machine or the code moved.
 */
function cpuTimes() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}

const only = process.argv[2];
mkdirSync(join(here, 'results'), { recursive: true });

for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.js')).sort()) {
  const name = file.replace(/\.bench\.js$/, '');
  if (only && only !== name) continue;
  const mod = await import(join(here, file));
  const started = new Date().toISOString();
  const cpuBefore = cpuTimes();
  const loadBefore = os.loadavg()[0];
  const { results, targets } = await mod.run();
  const cpuAfter = cpuTimes();
  const machine = {
    loadAverage1mAtStart: Number(loadBefore.toFixed(2)),
    ...(cpuBefore && cpuAfter ? { cpuStealShare: Number(((cpuAfter.steal - cpuBefore.steal) / Math.max(1, cpuAfter.total - cpuBefore.total)).toFixed(4)) } : {}),
  };
  const report = {
    name,
    date: started,
    node: process.version,
    runtime,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    machine,
    command: `npm run bench${only ? ' -- ' + only : ''}`,
    results,
    targets,
    pass: Object.values(targets).every((t) => t.pass),
  };
  writeFileSync(join(here, 'results', `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  console.log(`${name}: ${JSON.stringify(results)}`);
  for (const [k, t] of Object.entries(targets)) console.log(`  ${t.pass ? 'ok  ' : 'FAIL'} ${k}: ${t.actual} (target ${t.target})`);
}

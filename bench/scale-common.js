// Helpers of the scale-out benchmark (scale.bench.js): Weft nodes as `weft serve` child processes, the
// CPU time of those processes and of PostgreSQL's (from /proc, in clock ticks), PostgreSQL's own figures
// (WAL position, schema checks) through `pg`, and a closed-loop autocannon round spread over several nodes.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { percentile } from './functions-common.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'bin', 'weft.js');

export const PG_BASE = process.env.WEFT_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_PORT = Number(new URL(PG_BASE).port || 5432);

/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
export const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

/** A fresh schema name for one configuration (dropped afterwards with dropSchema). */
export const newSchema = () => `weft_bench_${randomBytes(5).toString('hex')}`;

/** A `pg` client on the benchmark's database (for the WAL position, checks and clean-up). */
export async function pgClient() {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  return client;
}

export async function dropSchema(client, schema) {
  if (!/^weft_bench_[0-9a-f]+$/.test(schema)) throw new Error(`refusing to drop ${schema}`);
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/**
 * Starts `node bin/weft.js serve --port 0 --db <db> [--roles <roles>]` and resolves once it prints the
 * address it listens on: { url, pid, stop() }. stop() sends SIGTERM (graceful stop) and waits for the exit.
 */
export async function startNode(db, { roles, env = {} } = {}) {
  const args = [BIN, 'serve', '--port', '0', '--db', db, ...(roles ? ['--roles', roles] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`weft serve did not listen within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output = (output + chunk).slice(-8_000);
      const m = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`weft serve exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid,
    roles: roles ?? 'api,worker,scheduler',
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const { code, signal } = await exit;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`weft serve exited with ${code ?? signal}:\n${output}`);
    },
  };
}

/** utime + stime of a process, in clock ticks (all its threads); undefined once it is gone. */
function ticks(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return undefined;
  }
}

/** The local ports of a process's TCP connections to PostgreSQL (its pool and its LISTEN connection). */
function dbPorts(pid) {
  const inodes = new Set();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return [];
  }
  const ports = [];
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9])) continue;
      if (parseInt(f[2].split(':')[1], 16) === PG_PORT) ports.push(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports;
}

/**
 * Every `postgres` process: its CPU ticks and, for a client backend, the client's port (from its
 * process title, `postgres: 15/main: user db 127.0.0.1(PORT) state`); auxiliary processes (postmaster,
 * WAL writer, checkpointer, background writer, autovacuum…) have none.
 */
function postgresProcesses() {
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const t = ticks(name);
      if (t === undefined) continue;
      const m = /\((\d+)\)/.exec(cmd);
      out.set(Number(name), { ticks: t, port: m ? Number(m[1]) : undefined, title: cmd.trim() });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The machine's CPU time so far (ticks, all cores): busy and total, from /proc/stat. */
function machine() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  const idle = f[3] + f[4];
  return { total, busy: total - idle };
}

/**
 * A snapshot of CPU time (ticks) now: the nodes, PostgreSQL's backends serving those nodes, its auxiliary
 * processes, all postgres processes, this process (the load generator), the machine; and, with `client`,
 * the WAL insert position (bytes).
 */
export async function mark(nodes, client) {
  const ports = new Set(nodes.flatMap((n) => dbPorts(n.pid)));
  const procs = postgresProcesses();
  const perNode = nodes.map((n) => ticks(n.pid) ?? 0);
  const self = process.cpuUsage();
  const m = machine();
  const wal = client ? (await client.query('SELECT pg_current_wal_insert_lsn() - $1::pg_lsn AS b', ['0/0'])).rows[0].b : undefined;
  return { at: process.hrtime.bigint(), ports, procs, perNode, selfUs: self.user + self.system, machine: m, wal: wal === undefined ? undefined : Number(wal) };
}

/**
 * CPU seconds between two snapshots. A backend serving one of the nodes (its client port is one of the
 * nodes' connections at either end) counts for the database, as do the auxiliary processes; a process that
 * started in between counts from zero, one that ended in between is lost (none do in a round: the pools
 * are open after the warm-up).
 */
export function cpuBetween(a, b) {
  const s = (t) => t / CLK_TCK;
  let backends = 0;
  let aux = 0;
  let all = 0;
  for (const [pid, p] of b.procs) {
    const d = p.ticks - (a.procs.get(pid)?.ticks ?? 0);
    all += d;
    if (p.port === undefined) aux += d;
    else if (a.ports.has(p.port) || b.ports.has(p.port)) backends += d;
  }
  const nodes = b.perNode.reduce((x, t, i) => x + t - a.perNode[i], 0);
  return {
    wallS: Number(b.at - a.at) / 1e9,
    nodesS: s(nodes),
    perNodeS: b.perNode.map((t, i) => s(t - a.perNode[i])),
    dbBackendsS: s(backends),
    dbAuxS: s(aux),
    dbS: s(backends + aux),
    allPostgresS: s(all),
    loadGenS: (b.selfUs - a.selfUs) / 1e6,
    machineBusyS: s(b.machine.busy - a.machine.busy),
    machineTotalS: s(b.machine.total - a.machine.total),
    dbBackendCount: [...b.procs.values()].filter((p) => p.port !== undefined && b.ports.has(p.port)).length,
    walBytes: a.wal === undefined ? undefined : b.wal - a.wal,
  };
}

/**
 * One closed-loop round: `connections` keep-alive connections spread round-robin over `urls` (one
 * autocannon instance; connection i goes to urls[i % urls.length]), each sending its next request when
 * its answer came, for `seconds`. Latencies from autocannon's `response` events (µs resolution);
 * `verify(body)` checks every answer. Returns answers, wall time to the last answer, answers/s,
 * percentiles (ms) and the failures.
 */
export async function loadRound(urls, c, { connections, seconds }) {
  const latencies = [];
  let mismatches = 0;
  const t0 = process.hrtime.bigint();
  let last = t0;
  const instance = autocannon({
    url: urls.map((u) => u + c.path),
    connections,
    pipelining: 1,
    timeout: 15,
    sampleInt: 10,
    duration: seconds,
    method: c.method,
    headers: c.headers,
    body: c.body,
    verifyBody: (body) => {
      try {
        return c.verify(body);
      } catch {
        return false;
      }
    },
  });
  instance.on('response', (_client, _status, _bytes, ms) => {
    latencies.push(ms);
    last = process.hrtime.bigint();
  });
  const r = await instance;
  mismatches = r.mismatches;
  latencies.sort((a, b) => a - b);
  const wallS = Number(last - t0) / 1e9;
  const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const non200 = Object.entries(codes).reduce((n, [k, v]) => n + (k === '200' ? 0 : v), 0);
  return {
    answers: latencies.length,
    wallS,
    perSec: latencies.length / wallS,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    non200,
    errors: r.errors,
    timeouts: r.timeouts,
    mismatches,
    codes,
  };
}

// Scale-out on PostgreSQL (`node bench/run.js scale`): W3 (3 `set` tasks) over HTTP with `Prefer: wait=10`,
// 32 connections in closed loop, against
//   sqlite-1        one `weft serve` node on a SQLite file (the single-node reference)
//   pg-1/pg-2/pg-3  1, 2, 3 `weft serve` nodes (all roles) sharing one PostgreSQL schema; the 32
//                   connections are spread round-robin over the nodes (each node runs what it receives)
//   pg-api+2w       one `--roles api` node receiving every request + two `--roles worker` nodes that
//                   execute the runs (handed over through the database: unowned lease + NOTIFY)
// on the same machine, in the same run. Every node is `node bin/weft.js serve` as its own process (API key,
// rate limits raised so they never trigger, WEFT_LEASE_MS=15000, WEFT_LOG_LEVEL=warn); PostgreSQL is the
// local server (WEFT_BENCH_PG, default postgres://postgres@127.0.0.1:5432/test), a fresh schema per
// configuration, dropped at the end.
// Rounds are interleaved: round r runs every configuration in turn (the order rotated per round). Each
// configuration's nodes are started for its round and stopped after it (three PostgreSQL configurations at
// once would hold 66+ of the server's 100 connections; started fresh, every configuration meets the same
// idle neighbours: none), warmed up for WARMUP_SECONDS (JIT, pools fill), then measured for ROUND_SECONDS.
// Figures are medians over the rounds. CPU time is sampled from /proc/<pid>/stat (utime + stime, all
// threads) before and after each measured window, for the node processes and for PostgreSQL: the backends
// serving the nodes' connections (matched by client port: /proc/<node>/fd sockets → /proc/net/tcp → the
// backend's process title) plus PostgreSQL's auxiliary processes (WAL writer, checkpointer, background
// writer…, shared with any other user of the server). The database's share = db CPU / (db + nodes).
// SQLite runs inside the node, so its cost is part of the node's CPU (no separate share).
// Correctness: every answer must be 200 with the run completed and output {z: 3}; after the rounds, every
// run in the store must be completed, with the same journal length, and no run lease left behind.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { NO_RATE_LIMITS, call, newAdminKey } from './http-common.js';
import { median, round3 } from './functions-common.js';
import { PG_BASE, cpuBetween, dropSchema, loadRound, mark, newSchema, pgClient, startNode } from './scale-common.js';

const ROUNDS = Number(process.env.SCALE_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.SCALE_ROUND_SECONDS ?? 4);
const WARMUP_SECONDS = Number(process.env.SCALE_WARMUP_SECONDS ?? 2);
const CONNECTIONS = 32;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function gitHead() {
  const res = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() + (dirty.stdout.trim() ? ' (src modified)' : '') : null;
}

const W3_YAML = `document: { dsl: '1.0.0', namespace: bench, name: w3, version: '1.0.0' }
do: [ { a: { set: { x: 1 } } }, { b: { set: { y: 2 } } }, { c: { set: { z: 3 } } } ]
`;

const CONFIGS = [
  { name: 'sqlite-1', db: 'sqlite', nodes: [{}] },
  { name: 'pg-1', db: 'postgres', nodes: [{}] },
  { name: 'pg-2', db: 'postgres', nodes: [{}, {}] },
  { name: 'pg-3', db: 'postgres', nodes: [{}, {}, {}] },
  { name: 'pg-api+2w', db: 'postgres', nodes: [{ roles: 'api', ingress: true }, { roles: 'worker' }, { roles: 'worker' }] },
];

export async function run() {
  const key = newAdminKey();
  const auth = { authorization: `Bearer ${key}` };
  const env = { WEFT_ADMIN_KEY: key, WEFT_LOG_LEVEL: 'warn', WEFT_RATE_LIMITS: NO_RATE_LIMITS, WEFT_LEASE_MS: '15000' };
  const w3 = {
    method: 'POST',
    path: '/api/v1/workflows/bench/w3/runs',
    body: '{}',
    headers: { 'content-type': 'application/json', prefer: 'wait=10', ...auth },
    verify: (body) => {
      const r = JSON.parse(body);
      return r.status === 'completed' && r.output?.z === 3;
    },
  };
  const client = await pgClient();
  const settings = Object.fromEntries(
    (await client.query(`SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'commit_delay', 'max_connections', 'shared_buffers', 'autovacuum')`)).rows.map((r) => [r.name, r.setting]),
  );
  const tmp = mkdtempSync(join(os.tmpdir(), 'weft-scale-'));
  const state = CONFIGS.map((c) => {
    const schema = c.db === 'postgres' ? newSchema() : undefined;
    return {
      ...c,
      schema,
      dbUrl: schema ? `${PG_BASE}?schema=${schema}` : join(tmp, `${c.name}.db`),
      rounds: [],
      failures: { non200: 0, errors: 0, timeouts: 0, mismatches: 0, codes: {} },
      registered: false,
    };
  });
  let live = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < state.length; i++) {
        const c = state[(i + r) % state.length];
        // The first node migrates the schema; the others join it.
        live = [await startNode(c.dbUrl, { roles: c.nodes[0].roles, env })];
        live.push(...(await Promise.all(c.nodes.slice(1).map((n) => startNode(c.dbUrl, { roles: n.roles, env })))));
        const ingress = c.nodes.some((n) => n.ingress) ? live.filter((_, k) => c.nodes[k].ingress) : live;
        const urls = ingress.map((n) => n.url);
        if (!c.registered) {
          await fetchOk(urls[0] + '/api/v1/workflows', { method: 'PUT', headers: { 'content-type': 'application/yaml', ...auth }, body: W3_YAML });
          c.registered = true;
        }
        for (const u of urls) {
          const one = await call(u, 'POST', w3.path, {}, { headers: { ...auth, prefer: 'wait=10' }, ok: [200] });
          if (!w3.verify(JSON.stringify(one))) throw new Error(`${c.name}: W3 run not completed: ${JSON.stringify(one)}`);
        }
        addFailures(c.failures, await loadRound(urls, w3, { connections: CONNECTIONS, seconds: WARMUP_SECONDS }));
        const a = await mark(live, client);
        const res = await loadRound(urls, w3, { connections: CONNECTIONS, seconds: ROUND_SECONDS });
        const b = await mark(live, client);
        addFailures(c.failures, res);
        c.rounds.push({ res, cpu: cpuBetween(a, b) });
        console.error(`scale: round ${r + 1} ${c.name}: ${Math.round(res.perSec)} runs/s, p50 ${res.p50Ms.toFixed(2)} ms`);
        for (const n of live) await n.stop();
        live = [];
      }
    }
    for (const c of state) c.check = c.db === 'sqlite' ? checkSqlite(c.dbUrl) : await checkPostgres(client, c.schema);
    return report(state, settings);
  } finally {
    for (const n of live) await n.stop().catch(() => undefined);
    for (const c of state) if (c.schema) await dropSchema(client, c.schema).catch((e) => console.error(`scale: could not drop ${c.schema}: ${e.message}`));
    await client.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function fetchOk(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method} ${url}: ${res.status} ${text}`);
  return text;
}

function addFailures(into, r) {
  for (const k of ['non200', 'errors', 'timeouts', 'mismatches']) into[k] += r[k];
  for (const [code, n] of Object.entries(r.codes)) if (code !== '200') into.codes[code] = (into.codes[code] ?? 0) + n;
}

/** Every run completed, every journal the same length, no lease left. */
async function checkPostgres(client, schema) {
  const q = async (sql) => (await client.query(sql)).rows;
  const statuses = Object.fromEntries((await q(`SELECT status, count(*)::int AS n FROM ${schema}.runs GROUP BY status`)).map((r) => [r.status, r.n]));
  const journalLengths = Object.fromEntries((await q(`SELECT n, count(*)::int AS runs FROM (SELECT run_id, count(*) AS n FROM ${schema}.journal GROUP BY run_id) j GROUP BY n`)).map((r) => [r.n, r.runs]));
  const leasesLeft = (await q(`SELECT count(*)::int AS n FROM ${schema}.run_leases`))[0].n;
  return checked({ statuses, journalLengths, leasesLeft });
}

function checkSqlite(file) {
  const db = new Database(file, { readonly: true });
  try {
    const statuses = Object.fromEntries(db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all().map((r) => [r.status, r.n]));
    const journalLengths = Object.fromEntries(db.prepare('SELECT n, count(*) AS runs FROM (SELECT run_id, count(*) AS n FROM journal GROUP BY run_id) GROUP BY n').all().map((r) => [r.n, r.runs]));
    return checked({ statuses, journalLengths, leasesLeft: 0 });
  } finally {
    db.close();
  }
}

const checked = (c) => ({ ...c, ok: Object.keys(c.statuses).length === 1 && c.statuses.completed > 0 && Object.keys(c.journalLengths).length === 1 && c.leasesLeft === 0 });

function summarize(c) {
  const rounds = c.rounds;
  const per = (f) => median(rounds.map(f));
  const perRun = (f) => per(({ res, cpu }) => (f(cpu) * 1000) / res.answers); // CPU ms per run
  const answers = rounds.reduce((n, { res }) => n + res.answers, 0);
  const runsPerSec = Math.round(per(({ res }) => res.perSec));
  return {
    nodes: c.nodes.length,
    roles: c.nodes.map((n) => n.roles ?? 'api,worker,scheduler'),
    store: c.db === 'sqlite' ? 'SQLite file (WAL, synchronous FULL), in the node process' : 'PostgreSQL 1 primary, shared schema',
    ingressNodes: c.nodes.some((n) => n.ingress) ? c.nodes.filter((n) => n.ingress).length : c.nodes.length,
    runsPerSec,
    perSecRange: [Math.round(Math.min(...rounds.map(({ res }) => res.perSec))), Math.round(Math.max(...rounds.map(({ res }) => res.perSec)))],
    p50Ms: round3(per(({ res }) => res.p50Ms)),
    p90Ms: round3(per(({ res }) => res.p90Ms)),
    p99Ms: round3(per(({ res }) => res.p99Ms)),
    littlesLawMs: round3((CONNECTIONS / runsPerSec) * 1000),
    // CPU ms per completed run (answers in the measured window).
    nodesCpuMsPerRun: round3(perRun((x) => x.nodesS)),
    dbCpuMsPerRun: c.db === 'sqlite' ? null : round3(perRun((x) => x.dbS)),
    dbBackendsCpuMsPerRun: c.db === 'sqlite' ? null : round3(perRun((x) => x.dbBackendsS)),
    dbAuxCpuMsPerRun: c.db === 'sqlite' ? null : round3(perRun((x) => x.dbAuxS)),
    dbCpuShare: c.db === 'sqlite' ? null : round3(per(({ cpu }) => cpu.dbS / (cpu.dbS + cpu.nodesS))),
    // CPU ms per 1,000 runs = CPU s per 1,000 runs.
    cpuSecondsPer1000Runs: {
      nodes: round3(perRun((x) => x.nodesS)),
      db: c.db === 'sqlite' ? null : round3(perRun((x) => x.dbS)),
      loadGenerator: round3(perRun((x) => x.loadGenS)),
    },
    // Cores busy over the window (2 on this machine): nodes, PostgreSQL (ours), load generator, and the
    // rest of the machine (other postgres clients, other processes).
    cores: {
      nodes: round3(per(({ cpu }) => cpu.nodesS / cpu.wallS)),
      perNode: c.nodes.map((_, k) => round3(per(({ cpu }) => cpu.perNodeS[k] / cpu.wallS))),
      db: c.db === 'sqlite' ? null : round3(per(({ cpu }) => cpu.dbS / cpu.wallS)),
      loadGenerator: round3(per(({ cpu }) => cpu.loadGenS / cpu.wallS)),
      machineBusy: round3(per(({ cpu }) => cpu.machineBusyS / cpu.wallS)),
      other: round3(per(({ cpu }) => (cpu.machineBusyS - cpu.nodesS - cpu.allPostgresS - cpu.loadGenS) / cpu.wallS)),
      otherPostgres: round3(per(({ cpu }) => (cpu.allPostgresS - cpu.dbS) / cpu.wallS)),
    },
    dbBackends: c.db === 'sqlite' ? null : rounds[rounds.length - 1].cpu.dbBackendCount,
    // WAL bytes per run (the server's WAL position: includes any other writer's WAL in the window).
    walBytesPerRun: c.db === 'sqlite' ? null : Math.round(per(({ res, cpu }) => cpu.walBytes / res.answers)),
    rounds: rounds.length,
    // Each round as measured, in order: runs/s, p50 and the cores the rest of the machine used meanwhile.
    perRound: rounds.map(({ res, cpu }) => ({
      runsPerSec: Math.round(res.perSec),
      p50Ms: round3(res.p50Ms),
      otherCores: round3((cpu.machineBusyS - cpu.nodesS - cpu.allPostgresS - cpu.loadGenS) / cpu.wallS),
    })),
    answers,
    failures: c.failures,
    check: c.check,
  };
}

function report(state, pgSettings) {
  const m = Object.fromEntries(state.map((c) => [c.name, summarize(c)]));
  const failed = Object.values(m).reduce((n, x) => n + x.failures.non200 + x.failures.errors + x.failures.timeouts + x.failures.mismatches, 0);
  const checksOk = Object.values(m).every((x) => x.check.ok);
  const ratio = (a, b) => round3(m[a].runsPerSec / m[b].runsPerSec);
  const results = {
    ...m,
    comparison: {
      pg1VsSqlite: ratio('pg-1', 'sqlite-1'),
      pg2VsPg1: ratio('pg-2', 'pg-1'),
      pg3VsPg1: ratio('pg-3', 'pg-1'),
      apiPlus2WorkersVsPg1: ratio('pg-api+2w', 'pg-1'),
      // Total CPU (nodes + db) per run, relative to one PostgreSQL node: what each extra node costs.
      cpuPerRunPg2VsPg1: round3((m['pg-2'].nodesCpuMsPerRun + m['pg-2'].dbCpuMsPerRun) / (m['pg-1'].nodesCpuMsPerRun + m['pg-1'].dbCpuMsPerRun)),
      cpuPerRunPg3VsPg1: round3((m['pg-3'].nodesCpuMsPerRun + m['pg-3'].dbCpuMsPerRun) / (m['pg-1'].nodesCpuMsPerRun + m['pg-1'].dbCpuMsPerRun)),
    },
    setup: {
      nodes: 'node bin/weft.js serve --port 0 --db <db> [--roles …], one process per node; WEFT_ADMIN_KEY, WEFT_RATE_LIMITS raised, WEFT_LEASE_MS=15000, WEFT_LOG_LEVEL=warn',
      pgSettings,
      postgres: `${PG_BASE.replace(/\/\/[^@]*@/, '//…@')}, a fresh schema per configuration (dropped afterwards); pool 10 + 1 LISTEN connection per node`,
      load: `autocannon (programmatic API) in the bench process, ${CONNECTIONS} keep-alive connections round-robin over the ingress nodes, closed loop, POST /api/v1/workflows/bench/w3/runs with Prefer: wait=10`,
      commit: gitHead(),
      rounds: ROUNDS,
      roundSeconds: ROUND_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      interleaved: 'round r runs every configuration in turn (order rotated each round); nodes started for the round and stopped after it',
      cpu: '/proc/<pid>/stat utime+stime (all threads) before/after each measured window; db = backends serving the nodes (matched by client port) + PostgreSQL auxiliary processes',
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
  };
  const targets = {
    allRunsCompleted: {
      target: 'every answer 200 with the run completed; every stored run completed, same journal length, no lease left',
      actual: `${failed} failed answers; store checks ${checksOk ? 'ok' : 'FAILED: ' + JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.check])))}`,
      pass: failed === 0 && checksOk,
    },
    pg1VsSqliteRatio: { target: 'reported (informational): W3 runs/s of one PostgreSQL node over one SQLite node', actual: results.comparison.pg1VsSqlite, pass: true },
    pg3VsPg1Ratio: { target: 'reported (informational; 2 cores shared by every process: not expected to scale)', actual: results.comparison.pg3VsPg1, pass: true },
  };
  if (!targets.allRunsCompleted.pass) process.exitCode = 1;
  return { results, targets };
}
